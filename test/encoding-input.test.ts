/**
 * Input side: JSON and YAML to CUE AST (positions, labels) and to plain values; the YAML
 * reading rules CUE follows; limits, duplicate keys, multiple documents, invalid UTF-8.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeJSON,
  decodeUTF8,
  decodeYAML,
  decodeYAMLStream,
  parseJSONFile,
  parseYAMLFile,
  parseYAMLStream,
} from '../src/encoding/index.js';
import { compactJSON, indentJSON, validJSON } from '../src/encoding/json-text.js';
import { CueErrorList, formatError } from '../src/errors/index.js';
import { CueFloat, PlainStruct, type PlainValue } from '../src/plain/plain-value.js';
import { Source, formatPosition } from '../src/source/index.js';
import type { EmbedDecl, Expr, Field, StructLit } from '../src/syntax/ast.js';

function js(v: PlainValue): unknown {
  if (v instanceof CueFloat) return `float:${v.text}`;
  if (typeof v === 'bigint') return `int:${v}`;
  if (v instanceof Uint8Array) return `bytes:${[...v].join(',')}`;
  if (Array.isArray(v)) return v.map(js);
  if (v instanceof PlainStruct) return [...v.fields].map(([k, x]) => [k, js(x)]);
  return v;
}

function rootExpr(file: { decls: unknown[] } | undefined): Expr {
  return (file!.decls[0] as EmbedDecl).expr;
}

function field(s: Expr, name: string): Field {
  const f = (s as StructLit).decls.find(
    (d) => d.type === 'Field' && (d.label.type === 'Ident' ? d.label.name : d.label.type === 'BasicLit' ? d.label.value : '') === name,
  );
  return f as Field;
}

describe('JSON input', () => {
  it('builds the AST with positions into the JSON text', () => {
    const src = new Source('data.json', '{\n  "a": 1,\n  "b": {"c": [1.5, "x", null, true]},\n  "d-e": -2\n}\n');
    const { file, errors } = parseJSONFile(src);
    expect(errors).toEqual([]);
    const root = rootExpr(file);
    expect(root.type).toBe('StructLit');
    const a = field(root, 'a');
    expect(a.label.type).toBe('Ident');
    expect(formatPosition(a.value.span)).toBe('./data.json:2:8');
    const c = field(field(root, 'b').value, 'c').value;
    expect(c.type).toBe('ListLit');
    const first = (c as { elts: Expr[] }).elts[0]!;
    expect(first).toMatchObject({ type: 'BasicLit', kind: 'float', raw: '1.5' });
    expect(formatPosition(first.span)).toBe('./data.json:3:15');
    const de = field(root, 'd-e');
    expect(de.label).toMatchObject({ type: 'BasicLit', kind: 'string', raw: '"d-e"', value: 'd-e' });
    expect(de.value).toMatchObject({ type: 'UnaryExpr', op: '-', expr: { kind: 'int', raw: '2' } });
  });

  it('quotes labels that are not plain identifiers; keywords stay bare, as the pinned CUE writes them', () => {
    const { file } = parseJSONFile(new Source('x.json', '{"if": 1, "_h": 2, "#d": 3, "a b": 4, "ok": 5, "null": 6, "$x": 7, "1a": 8}'));
    const labels = (rootExpr(file) as StructLit).decls.map((d) => (d as Field).label);
    expect(labels.map((l) => l.type)).toEqual(['Ident', 'BasicLit', 'BasicLit', 'BasicLit', 'Ident', 'Ident', 'Ident', 'BasicLit']);
    expect(labels.map((l) => (l.type === 'BasicLit' ? l.raw : ''))).toEqual(['', '"_h"', '"#d"', '"a b"', '', '', '', '"1a"']);
  });

  it('decodes strings with escapes into value and a CUE-quoted raw', () => {
    const { file } = parseJSONFile(new Source('x.json', '"a\\u0041\\n\\ud83d\\ude00\\\\(x)\\ud800"'));
    expect(rootExpr(file)).toMatchObject({ kind: 'string', value: 'aA\n\u{1f600}\\(x)\ufffd', raw: '"aA\\n\u{1f600}\\\\(x)\ufffd"' });
  });

  it('reports malformed JSON at the offending character', () => {
    const cases: [string, string][] = [
      ['{"a": 1,\n "b": [1, 2,]}', 'invalid JSON: invalid character \']\' looking for beginning of value:\n    ./bad.json:2:13\n'],
      ['{"a" 1}', "invalid JSON: invalid character '1' after object key:\n    ./bad.json:1:6\n"],
      ['[1 2]', "invalid JSON: invalid character '2' after array element:\n    ./bad.json:1:4\n"],
      ['{"a": 1} x', "invalid JSON: invalid character 'x' after top-level value:\n    ./bad.json:1:10\n"],
      ['', 'invalid JSON: unexpected end of JSON input:\n    ./bad.json:1:1\n'],
      ['{"a": tru}', "invalid JSON: invalid character '}' in literal true (expecting 'e'):\n    ./bad.json:1:10\n"],
      ['"a\tb"', "invalid JSON: invalid character '\\t' in string literal:\n    ./bad.json:1:3\n"],
      ['01', "invalid JSON: invalid character '1' after top-level value:\n    ./bad.json:1:2\n"],
      ['{"a":', 'invalid JSON: unexpected end of JSON input:\n    ./bad.json:1:6\n'],
    ];
    for (const [text, printed] of cases) {
      const { file, errors } = parseJSONFile(new Source('bad.json', text));
      expect(file, text).toBeUndefined();
      expect(errors.map(formatError).join(''), text).toBe(printed);
      expect(errors[0]!.code).toBe('io');
    }
  });

  it('limits nesting depth', () => {
    const { errors } = parseJSONFile(new Source('deep.json', '['.repeat(5000)));
    expect(errors[0]!.message).toContain('exceeded max depth');
  });

  it("reads nesting to Go's limit of 10,000 without recursion (json.Valid, Compact, Indent)", () => {
    const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const objects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    for (const [nest, lines] of [[arrays, 19999], [objects, 20001]] as const) {
      const deepest = nest(10000);
      expect(validJSON(deepest)).toBe(true);
      expect(compactJSON(deepest)).toBe(deepest);
      expect(indentJSON(deepest, '', '').split('\n').length).toBe(lines);
      expect(validJSON(nest(10001))).toBe(false);
      expect(() => compactJSON(nest(10001))).toThrow('exceeded max depth (10000)');
    }
  });

  it('keeps duplicate keys as fields that unify, as CUE does', () => {
    expect(js(decodeJSON('{"a": 1, "a": 1, "b": {"c": 1}, "b": {"d": 2}}'))).toEqual([
      ['a', 'int:1'],
      ['b', [['c', 'int:1'], ['d', 'int:2']]],
    ]);
    try {
      decodeJSON('{"a": 1, "a": 2}', 'dup.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CueErrorList);
      expect((e as CueErrorList).format()).toBe('a: conflicting values 1 and 2:\n    ./dup.json:1:7\n    ./dup.json:1:15\n');
    }
  });

  it('tells ints from floats by their text', () => {
    expect(js(decodeJSON('[1, 1.0, 1e3, -0, 123456789012345678901234567890, -2.50]'))).toEqual([
      'int:1', 'float:1.0', 'float:1e3', 'int:0', 'int:123456789012345678901234567890', 'float:-2.50',
    ]);
  });
});

describe('prototype-named keys stay ordinary labels', () => {
  const keys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];
  it('in JSON', () => {
    const text = '{' + keys.map((k, i) => `"${k}": ${i}`).join(', ') + ', "nested": {"__proto__": {"polluted": true}}}';
    const v = decodeJSON(text) as PlainStruct;
    expect([...v.fields.keys()]).toEqual([...keys, 'nested']);
    expect(v.fields.get('__proto__')).toBe(0n);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((v.fields.get('nested') as PlainStruct).fields.get('__proto__')).toBeInstanceOf(PlainStruct);
  });
  it('in YAML', () => {
    const v = decodeYAML(keys.map((k, i) => `${k}: ${i}`).join('\n') + '\n__proto__x: {__proto__: 1}\n') as PlainStruct;
    expect([...v.fields.keys()]).toEqual([...keys, '__proto__x']);
    expect(v.fields.get('constructor')).toBe(1n);
  });
  it('as quoted labels in the AST (a plain identifier otherwise)', () => {
    const { file } = parseYAMLFile(new Source('p.yaml', '__proto__: 1\nconstructor: 2\n'));
    const decls = (rootExpr(file) as StructLit).decls as Field[];
    expect(decls[0]!.label).toMatchObject({ type: 'BasicLit', value: '__proto__', raw: '"__proto__"' });
    expect(decls[1]!.label).toMatchObject({ type: 'Ident', name: 'constructor' });
  });
});

describe('YAML input', () => {
  it('reads scalars as current CUE does (YAML 1.2 plus 0755 octals)', () => {
    const text = [
      'a: yes', 'b: on', 'c: 0755', 'd: 0x1F', 'e: 1e3', 'f: 1_000', 'g: 2001-12-14', 'h: 12:30', 'j: ~', 'k: 01289',
      'l: 123456789012345678901234567890', 'm: +1', 'n: .5', 'o: 1.', 'p: 0o17', 'q: 0b101', 'r: Yes', 's: n', 't: True',
      'u: !!str 12', 'v: !!float 12', 'w: 2001-12-14T21:59:43.10-05:00', 'x: -0x10', 'y: "1"', 'z:', 'aa: null', 'ab: -1.5e3',
    ].join('\n');
    expect(js(decodeYAML(text))).toEqual([
      ['a', 'yes'], ['b', 'on'], ['c', 'int:493'], ['d', 'int:31'], ['e', 'float:1e3'], ['f', 'int:1000'],
      ['g', '2001-12-14'], ['h', '12:30'], ['j', null], ['k', '01289'], ['l', 'int:123456789012345678901234567890'],
      ['m', 'int:1'], ['n', 'float:.5'], ['o', 'float:1.'], ['p', 'int:15'], ['q', 'int:5'], ['r', 'Yes'], ['s', 'n'],
      ['t', true], ['u', '12'], ['v', 'int:12'], ['w', '2001-12-14T21:59:43.10-05:00'], ['x', 'int:-16'], ['y', '1'],
      ['z', null], ['aa', null], ['ab', 'float:-1.5e3'],
    ]);
  });

  it('gives positions into the YAML text', () => {
    const src = new Source('app.yaml', 'apiVersion: v1\nspec:\n  replicas: 3\n  ports:\n    - 80\n    - name: x\n');
    const { file, errors } = parseYAMLFile(src);
    expect(errors).toEqual([]);
    const spec = field(rootExpr(file), 'spec');
    expect(formatPosition(spec.label.span)).toBe('./app.yaml:2:1');
    expect(formatPosition(field(spec.value, 'replicas').value.span)).toBe('./app.yaml:3:13');
    const ports = field(spec.value, 'ports').value as { elts: Expr[] };
    expect(formatPosition(ports.elts[0]!.span)).toBe('./app.yaml:5:7');
    expect(formatPosition(field(ports.elts[1]!, 'name').value.span)).toBe('./app.yaml:6:13');
  });

  it('handles tags', () => {
    expect(js(decodeYAML('a: !!binary aGk=\nb: !!null x\nc: !!bool false\nd: !!int "12"\ne: !!timestamp 2001-01-01\nf: !!float 1.5'))).toEqual([
      ['a', 'bytes:104,105'], ['b', null], ['c', false], ['d', 'int:12'], ['e', '2001-01-01'], ['f', 'float:1.5'],
    ]);
    const bad: [string, string][] = [
      ['a: !Ref x', 'cannot unmarshal tag "!Ref"'],
      ['a: !!int abc', 'cannot decode "abc" as !!int'],
      ['a: !!bool yes', 'cannot decode "yes" as !!bool'],
      ['a: !!binary "!!"', '!!binary value contains invalid base64 data'],
      ['a: .inf', 'CUE numbers have no infinity or NaN'],
    ];
    for (const [text, msg] of bad) expect(() => decodeYAML(text), text).toThrow(msg);
  });

  it('rejects a key given twice, naming both positions', () => {
    const { errors } = parseYAMLFile(new Source('dup.yaml', 'a: 1\nb:\n  c: 1\n  c: 2\na: 3\n'));
    expect(errors.map(formatError).join('')).toBe(
      'mapping key "c" already defined:\n    ./dup.yaml:3:3\n    ./dup.yaml:4:3\n' +
        'mapping key "a" already defined:\n    ./dup.yaml:1:1\n    ./dup.yaml:5:1\n',
    );
  });

  it('expands anchors and aliases, and merge keys', () => {
    const text = 'base: &b {x: 1, y: 2}\nother: *b\nm:\n  <<: [*b, {z: 3, x: 9}]\n  y: 5\n';
    expect(js(decodeYAML(text))).toEqual([
      ['base', [['x', 'int:1'], ['y', 'int:2']]],
      ['other', [['x', 'int:1'], ['y', 'int:2']]],
      ['m', [['z', 'int:3'], ['x', 'int:1'], ['y', 'int:5']]],
    ]);
  });

  it('stops alias expansion at a limit that names itself (billion laughs)', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const p = String.fromCharCode(97 + i - 1);
      const n = String.fromCharCode(97 + i);
      lines.push(`${n}: &${n} [${Array(9).fill('*' + p).join(',')}]`);
    }
    const t0 = performance.now();
    const { errors } = parseYAMLFile(new Source('lol.yaml', lines.join('\n')));
    const ms = performance.now() - t0;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('limit');
    expect(errors[0]!.message).toBe('aliases expand to more than 50000 nodes (maxAliasExpansion)');
    expect(ms).toBeLessThan(2000);
    const small = parseYAMLFile(new Source('x.yaml', 'a: &a [1, 2]\nb: [*a, *a]\n'), { maxAliasExpansion: 5 });
    expect(small.errors.map((e) => e.message)).toEqual(['aliases expand to more than 5 nodes (maxAliasExpansion)']);
  });

  it('treats several documents as an error where one value is expected', () => {
    const src = new Source('multi.yaml', 'a: 1\n---\nb: 2\n');
    expect(parseYAMLFile(src).errors.map(formatError)).toEqual(['expected a single YAML document:\n    ./multi.yaml:3:1\n']);
    const many = parseYAMLFile(src, { allowMultipleDocuments: true });
    expect(many.file!.decls).toHaveLength(2);
    expect(parseYAMLStream(src).exprs).toHaveLength(2);
    expect(js(decodeYAMLStream('1\n---\n---\n2'))).toEqual(['int:1', null, 'int:2']);
  });

  it('reads an empty file as *null | _', () => {
    const { file } = parseYAMLFile(new Source('e.yaml', ''));
    expect(rootExpr(file)).toMatchObject({ type: 'BinaryExpr', op: '|', left: { type: 'UnaryExpr', op: '*' }, right: { type: 'Ident', name: '_' } });
    expect(decodeYAML('')).toBeNull();
  });

  it('reports syntax errors with a position', () => {
    const { errors } = parseYAMLFile(new Source('bad.yaml', 'a: [1\nb: 2\n'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.code).toBe('io');
    expect(formatError(errors[0]!)).toMatch(/^invalid YAML: .*:\n {4}\.\/bad\.yaml:\d+:\d+\n$/);
  });

  it('rejects collection keys and self-containing anchors', () => {
    expect(() => decodeYAML('? [1]\n: 2\n')).toThrow('invalid map key: !!seq');
    expect(() => decodeYAML('a: &x\n  b: *x\n')).toThrow(/anchor "x" value contains itself|Alias/);
  });
});

describe('invalid UTF-8', () => {
  it('is reported at the first bad byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a: 1\nb: "é'), 0xff, 0x22, 0x0a]);
    const r = decodeUTF8(bytes, 'bad.yaml');
    expect(r.text).toBeUndefined();
    expect(r.errors.map(formatError)).toEqual(['invalid UTF-8 encoding (byte 0xff):\n    ./bad.yaml:2:7\n']);
  });
  it('rejects overlong forms and surrogates, accepts valid text and drops a BOM', () => {
    expect(decodeUTF8(new Uint8Array([0xc0, 0x80]), 'x').errors).toHaveLength(1);
    expect(decodeUTF8(new Uint8Array([0xed, 0xa0, 0x80]), 'x').errors).toHaveLength(1);
    expect(decodeUTF8(new Uint8Array([0xe2, 0x82]), 'x').errors).toHaveLength(1);
    expect(decodeUTF8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xf0, 0x9f, 0x98, 0x80]), 'x').text).toBe('a\u{1f600}');
  });
});

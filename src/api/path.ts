/**
 * Paths in CUE's selector syntax: `spec.template.containers[0]."x-y".#Def`, `a["b"]`, or
 * arrays of labels (`["spec", "containers", 0]`). Strings in an array are labels as written
 * in a path: `"#Def"` is the definition, use `'"#x"'`-style quoting only in the string form.
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { type Label, identLabel, regularLabel } from '../core/label.js';

export type PathInput = string | readonly (string | number)[];

export function parsePath(path: PathInput): Label[] {
  if (typeof path !== 'string') {
    if (!Array.isArray(path)) throw new CueError(ErrorCode.usage, `invalid path: want a string or an array of labels, got ${typeof path}`);
    return path.map((p: unknown) => {
      if (typeof p === 'number') {
        if (!Number.isInteger(p) || p < 0) throw new CueError(ErrorCode.usage, `invalid path: ${String(p)} is not a list index`);
        return p;
      }
      if (typeof p !== 'string') throw new CueError(ErrorCode.usage, `invalid path: a label must be a string or an index, got ${p === null ? 'null' : typeof p}`);
      return identLabel(p);
    });
  }
  const out: Label[] = [];
  let i = 0;
  const s = path;
  const fail = (msg: string): never => {
    throw new CueError(ErrorCode.usage, `invalid path ${JSON.stringify(path)}: ${msg}`);
  };
  const readQuoted = (): string => {
    let j = i + 1;
    let text = '';
    while (j < s.length && s[j] !== '"') {
      if (s[j] === '\\' && j + 1 < s.length) {
        text += s.slice(j, j + 2);
        j += 2;
      } else text += s[j++];
    }
    if (j >= s.length) fail('unterminated string');
    i = j + 1;
    try {
      return JSON.parse('"' + text + '"') as string;
    } catch {
      return fail('bad string');
    }
  };
  let expectLabel = true;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.') {
      if (expectLabel) fail(`unexpected '.' at ${i}`);
      expectLabel = true;
      i++;
      continue;
    }
    if (c === '[') {
      const end = s.indexOf(']', i);
      if (end < 0) fail('missing ]');
      const inner = s.slice(i + 1, end).trim();
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (inner.startsWith('"')) {
        const saved = i;
        i = s.indexOf('"', i);
        const name = readQuoted();
        if (s[i] !== ']') fail(`bad index at ${saved}`);
        out.push(regularLabel(name));
      } else fail(`bad index ${inner}`);
      i = end + 1;
      expectLabel = false;
      continue;
    }
    if (!expectLabel) fail(`expected '.' or '[' at ${i}`);
    if (c === '"') {
      out.push(regularLabel(readQuoted()));
    } else {
      const m = /^[#_]*[\p{L}$_\d][\p{L}\p{Nd}$_]*|^[#_]+[\p{L}$\d][\p{L}\p{Nd}$_]*/u.exec(s.slice(i));
      if (!m) fail(`unexpected ${JSON.stringify(c)} at ${i}`);
      const name = m![0];
      i += name.length;
      out.push(/^\d+$/.test(name) ? Number(name) : identLabel(name));
    }
    expectLabel = false;
  }
  if (expectLabel && out.length > 0) fail('path ends with "."');
  return out;
}

/**
 * A strict JSON scanner for json.Valid, json.Compact and json.Indent, with Go's error texts
 * (`invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`).
 * It re-emits the input's own tokens, so numbers and strings keep their exact text.
 */
export class JSONSyntaxError extends Error {}

type Emit = { open(c: '{' | '['): void; close(c: '}' | ']', empty: boolean): void; comma(): void; colon(): void; scalar(text: string): void };

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const cp = c.codePointAt(0)!;
  if (cp < 0x20) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

/** Scans one value from `start`; with `stream`, stops after it and returns the index that follows. */
export function scanJSON(src: string, emit: Emit, start = 0, stream = false): number {
  let i = start;
  const ws = () => {
    while (i < src.length && ' \t\r\n'.includes(src[i]!)) i++;
  };
  const fail = (context: string): never => {
    if (i >= src.length) throw new JSONSyntaxError('unexpected end of JSON input');
    throw new JSONSyntaxError(`invalid character ${quoteChar(String.fromCodePoint(src.codePointAt(i)!))} ${context}`);
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < src.length) {
      const c = src[i]!;
      if (c === '"') {
        i++;
        return src.slice(start, i);
      }
      if (c === '\\') {
        const e = src[i + 1];
        if (e === undefined) break;
        if ('"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u') {
          i += 2;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(src[i] ?? '')) fail('in \\u hexadecimal character escape');
        } else {
          i++;
          fail('in string escape code');
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail('in string literal');
      i++;
    }
    i = src.length;
    return fail('in string literal');
  };
  const number = (): string => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
    if (!m) {
      if (src[i] === '-') i++;
      return fail('in numeric literal');
    }
    i += m[0].length;
    return m[0];
  };
  const value = (depth: number): void => {
    if (depth > 10000) throw new JSONSyntaxError('exceeded max depth');
    ws();
    const c = src[i];
    if (c === '{') {
      i++;
      emit.open('{');
      ws();
      if (src[i] === '}') {
        i++;
        emit.close('}', true);
        return;
      }
      for (;;) {
        ws();
        if (src[i] !== '"') fail('looking for beginning of object key string');
        emit.scalar(string());
        ws();
        if (src[i] !== ':') fail('after object key');
        i++;
        emit.colon();
        value(depth + 1);
        ws();
        if (src[i] === ',') {
          i++;
          emit.comma();
          continue;
        }
        if (src[i] === '}') {
          i++;
          emit.close('}', false);
          return;
        }
        fail('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      emit.open('[');
      ws();
      if (src[i] === ']') {
        i++;
        emit.close(']', true);
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (src[i] === ',') {
          i++;
          emit.comma();
          continue;
        }
        if (src[i] === ']') {
          i++;
          emit.close(']', false);
          return;
        }
        fail('after array element');
      }
    }
    if (c === '"') return emit.scalar(string());
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return emit.scalar(number());
    for (const lit of ['true', 'false', 'null']) {
      if (src.startsWith(lit, i)) {
        i += lit.length;
        return emit.scalar(lit);
      }
      if (c === lit[0]) {
        // Go reports the first character that breaks the literal.
        let k = 0;
        while (src[i + k] === lit[k]) k++;
        i += k;
        return fail(`in literal ${lit} (expecting ${quoteChar(lit[k]!)})`);
      }
    }
    fail('looking for beginning of value');
  };
  value(0);
  if (stream) return i;
  ws();
  if (i < src.length) fail('after top-level value');
  return i;
}

const ignore: Emit = { open() {}, close() {}, comma() {}, colon() {}, scalar() {} };

/** The texts of the values of a stream of JSON values separated by white space. */
export function splitJSONStream(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < src.length && ' \t\r\n'.includes(src[i]!)) i++;
    if (i >= src.length) return out;
    const end = scanJSON(src, ignore, i, true);
    out.push(src.slice(i, end));
    i = end;
  }
}

export function compactJSON(src: string): string {
  let out = '';
  scanJSON(src, {
    open: (c) => (out += c),
    close: (c) => (out += c),
    comma: () => (out += ','),
    colon: () => (out += ':'),
    scalar: (t) => (out += t),
  });
  return out;
}

/** Go's json.Indent: one element per line, prefix before each new line, empty containers kept as `{}` / `[]`. */
export function indentJSON(src: string, prefix: string, indent: string): string {
  let out = '';
  let depth = 0;
  let pendingOpen = false;
  const newline = () => {
    out += '\n' + prefix + indent.repeat(depth);
  };
  scanJSON(src, {
    open: (c) => {
      if (pendingOpen) newline();
      out += c;
      depth++;
      pendingOpen = true;
    },
    close: (c, empty) => {
      depth--;
      if (!empty) newline();
      pendingOpen = false;
      out += c;
    },
    comma: () => {
      out += ',';
      newline();
    },
    colon: () => (out += ': '),
    scalar: (t) => {
      if (pendingOpen) newline();
      pendingOpen = false;
      out += t;
    },
  });
  return out;
}

/** Go's json.HTMLEscape: <, >, & and U+2028/U+2029 become \u escapes. */
export function htmlEscapeJSON(src: string): string {
  return src.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

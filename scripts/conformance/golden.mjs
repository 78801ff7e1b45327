// Archives without @test assertions are checked against their `out/evalalpha` golden (else
// `out/eval`). That golden is CUE's internal debug print of the evaluated value
// (`(struct){ a: (int){ 1 } }`), preceded by `Errors:` ... `Result:` when evaluation found
// errors, or replaced by the error text when the files did not compile. From it we derive:
// - `compile-error`: the text is an error list, not a value;
// - `error`: the `Errors:` header is present (a permanent error somewhere);
// - `value`, and the JSON `cue export` would give: regular fields only, defaults taken
//   (`*` in a printed disjunction), or `json: undefined` when some regular field is not
//   concrete (a type, a bound, an incomplete `_|_`, a required field).

/** Reads the golden section of an archive: {section, expect, json, concrete}. */
export function readGolden(archive) {
  const f = archive.files.find((x) => x.name === 'out/evalalpha') ?? archive.files.find((x) => x.name === 'out/eval');
  if (!f) return undefined;
  const text = f.data;
  const section = f.name;
  if (text.startsWith('Errors:')) return { section, expect: 'error' };
  if (!text.startsWith('(')) return { section, expect: 'compile-error' };
  try {
    const p = new DebugParser(text);
    const node = p.value();
    const r = exportOf(node);
    return { section, expect: 'value', concrete: r.concrete, json: r.concrete ? r.value : undefined };
  } catch (err) {
    return { section, expect: 'value', concrete: false, json: undefined, parseError: String(err.message ?? err) };
  }
}

class DebugParser {
  constructor(text) {
    this.s = text;
    this.i = 0;
  }
  ws(newlines = true) {
    const s = this.s;
    while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t' || (newlines && s[this.i] === '\n'))) this.i++;
  }
  expect(c) {
    if (this.s[this.i] !== c) throw new Error(`debug print: expected ${c} at ${this.i}: ${JSON.stringify(this.s.slice(this.i, this.i + 30))}`);
    this.i++;
  }
  /** Skips a balanced group starting at the current opening bracket; returns its inside. */
  balanced(open, close) {
    const start = this.i;
    this.expect(open);
    let depth = 1;
    const s = this.s;
    while (this.i < s.length && depth > 0) {
      const c = s[this.i];
      if (c === '"' || c === "'") {
        this.i++;
        while (this.i < s.length && s[this.i] !== c) this.i += s[this.i] === '\\' ? 2 : 1;
      } else if (c === '(' || c === '{' || c === '[') depth++;
      else if (c === ')' || c === '}' || c === ']') depth--;
      this.i++;
    }
    return s.slice(start + 1, this.i - 1);
  }
  value() {
    this.ws();
    const kind = this.balanced('(', ')');
    this.ws(false);
    if (this.s[this.i] !== '{') throw new Error(`debug print: expected { after (${kind})`);
    const save = this.i;
    this.i++;
    this.ws(false);
    if (this.s[this.i] === '\n') {
      const fields = [];
      for (;;) {
        this.ws();
        if (this.s[this.i] === '}') {
          this.i++;
          break;
        }
        if (this.i >= this.s.length) throw new Error('debug print: unterminated struct');
        if (this.s.startsWith('//', this.i)) {
          const nl = this.s.indexOf('\n', this.i);
          this.i = nl < 0 ? this.s.length : nl;
          continue;
        }
        const label = this.label();
        const v = this.value();
        fields.push({ label, value: v });
      }
      return { kind, fields };
    }
    this.i = save;
    const body = this.balanced('{', '}').trim();
    return { kind, body };
  }
  label() {
    const s = this.s;
    const start = this.i;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        while (this.i < s.length && s[this.i] !== '"') this.i += s[this.i] === '\\' ? 2 : 1;
        this.i++;
        continue;
      }
      if (c === '(' || c === '[') {
        this.balanced(c, c === '(' ? ')' : ']');
        continue;
      }
      if (c === ':' && (s[this.i + 1] === ' ' || s[this.i + 1] === '\n')) break;
      if (c === '\n') throw new Error(`debug print: no label at ${start}`);
      this.i++;
    }
    const label = s.slice(start, this.i);
    this.i++;
    return label;
  }
}

/** Splits a disjunction body `|(a, *b)` into its disjuncts, marking the default ones. */
function disjuncts(body) {
  const inner = body.slice(2, -1);
  const out = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '"') {
      i++;
      while (i < inner.length && inner[i] !== '"') i += inner[i] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(inner.slice(start).trim());
  return out.map((t) => ({ isDefault: t.startsWith('*'), text: t.replace(/^\*/, '') }));
}

function isRegular(label) {
  if (/^(#|_|let )/.test(label)) return false;
  if (/[?!]$/.test(label)) return false;
  return true;
}

function labelName(label) {
  if (label.startsWith('"')) {
    try {
      return JSON.parse(label);
    } catch {
      return label.slice(1, -1);
    }
  }
  return label;
}

/** {concrete, value}: the JSON `cue export` would print for a debug-print node. */
export function exportOf(node) {
  const kind = node.kind.replace(/^#/, '');
  if (node.fields) {
    if (kind === '_|_' || node.kind.startsWith('_|_')) return { concrete: false };
    const isList = kind === 'list';
    const out = isList ? [] : {};
    for (const f of node.fields) {
      if (/[!]$/.test(f.label)) return { concrete: false };
      if (!isRegular(f.label)) continue;
      const r = exportOf(f.value);
      if (!r.concrete) return r;
      if (isList) out.push(r.value);
      else out[labelName(f.label)] = r.value;
    }
    return { concrete: true, value: out };
  }
  const body = node.body;
  if (body.startsWith('|(')) {
    const defs = disjuncts(body).filter((d) => d.isDefault);
    if (defs.length !== 1) return { concrete: false };
    return exportOf(new DebugParser(defs[0].text).value());
  }
  if (kind === 'null' && body === 'null') return { concrete: true, value: null };
  if (kind === 'bool' && (body === 'true' || body === 'false')) return { concrete: true, value: body === 'true' };
  if ((kind === 'int' || kind === 'float' || kind === 'number') && /^-?[\d.]+([eE][-+]?\d+)?$/.test(body)) return { concrete: true, value: Number(body) };
  if (kind === 'string' && body.startsWith('"')) {
    try {
      return { concrete: true, value: JSON.parse(body) };
    } catch {
      return { concrete: false };
    }
  }
  if (kind === 'bytes' && body.startsWith("'")) {
    const b = bytesOf(body.slice(1, -1));
    return b ? { concrete: true, value: b.toString('base64') } : { concrete: false };
  }
  if ((kind === 'struct' || kind === 'list') && body === '') return { concrete: true, value: kind === 'list' ? [] : {} };
  return { concrete: false };
}

/** The bytes of a single-quoted CUE bytes literal's inside (simple escapes only). */
function bytesOf(inner) {
  const out = [];
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c !== '\\') {
      out.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = inner[++i];
    const simple = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34, '0': 0, a: 7, b: 8, f: 12, v: 11 };
    if (n === 'x') {
      out.push(parseInt(inner.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n in simple && !(n === '0' && /[0-7]/.test(inner[i + 1] ?? ''))) out.push(simple[n]);
    else return undefined;
  }
  return Buffer.from(out);
}

/** Same JSON, field order ignored; numbers by value. */
export function sameJSON(a, b) {
  if (typeof a === 'bigint') a = Number(a);
  if (typeof b === 'bigint') b = Number(b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJSON(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJSON(a[k], b[k]));
  }
  return a === b;
}

// @test(...) attributes of CUE's inline test archives (cue/testdata/readme.md at the pinned
// commit): the attribute body split into fields, the directive each one names, and where each
// attribute sits in the files (the CUE path of the field or struct it tests).
//
// Placement, as CUE's runner reads it:
// - a top-level `@test(...)` declaration of a file tests the whole file value (path []);
// - a field attribute tests that field; fields are followed through struct literals only
//   (`a: {b: 1 @test(eq, 1)}`, `a: b: 1 @test(...)`), not through other expressions;
// - a `@test(...)` declaration inside a struct literal tests that struct (for `permute`, it
//   means "all fields of this struct").

/** A path segment: an identifier label (`a`, `#D`, `_h`), a quoted string label, or (index) a list index. */
export function seg(name, quoted) {
  return { name, quoted: Boolean(quoted) };
}

const identRe = /^[#_]*[\p{L}$_][\p{L}\p{Nd}$_]*$/u;

/** The path in the selector syntax Value.lookupPath reads. */
export function pathText(path) {
  let out = '';
  for (const s of path) {
    if (s.index) out += `[${s.name}]`;
    else out += (out === '' ? '' : '.') + (s.quoted || !identRe.test(s.name) ? JSON.stringify(s.name) : s.name);
  }
  return out;
}

/**
 * Splits an attribute body at its top-level commas. Each field: `text` (verbatim, trimmed),
 * `key` ('' for a positional field), `raw` (the value as written) and `value` (a quoted
 * string unquoted).
 */
export function splitAttr(body) {
  body = stripComments(body);
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "'") {
      const triple = body.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i += triple ? 3 : 1;
      while (i < body.length && !body.startsWith(close, i)) i += body[i] === '\\' ? 2 : 1;
      i += close.length - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  const fields = [];
  for (const p of parts) {
    const text = p.trim();
    if (text === '' && parts.length > 1) continue;
    const m = /^([\p{L}_$#][\p{L}\p{Nd}_$#:]*)\s*=(?![=~])\s*([\s\S]*)$/u.exec(text);
    const key = m ? m[1] : '';
    const raw = m ? m[2].trim() : text;
    fields.push({ text, key, raw, value: unquote(raw) });
  }
  return fields;
}

/** The body without `//` comments (CUE's expected values may carry them on their own lines). */
function stripComments(body) {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "'") {
      const triple = body.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + (triple ? 3 : 1);
      while (j < body.length && !body.startsWith(close, j)) j += body[j] === '\\' ? 2 : 1;
      j += close.length;
      out += body.slice(i, j);
      i = j - 1;
    } else if (c === '/' && body[i + 1] === '/') {
      while (i < body.length && body[i] !== '\n') i++;
      out += '\n';
    } else out += c;
  }
  return out;
}

function unquote(raw) {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') && !raw.startsWith('"""')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}

/**
 * One @test attribute: its directive (`eq`, `err`, `closed`...), version (`v3`, `todo`, ''),
 * fields, and the flags every directive may carry (`incorrect`).
 */
export function parseTestAttr(body) {
  const fields = splitAttr(body);
  const f0 = fields[0];
  let directive = '';
  let version = '';
  if (f0 && f0.text !== '') {
    const name = f0.key !== '' ? f0.key : f0.value;
    const i = name.lastIndexOf(':');
    directive = i >= 0 ? name.slice(0, i) : name;
    version = i >= 0 ? name.slice(i + 1) : '';
  }
  const rest = fields.slice(1);
  const incorrect = rest.some((f) => f.key === '' && f.value === 'incorrect');
  const at = rest.find((f) => f.key === 'at')?.value ?? '';
  return { directive, version, fields, rest, incorrect, at, body };
}

function lineOf(src, offset) {
  return src.position(offset).line;
}

/** The static label of a field as a path segment, or undefined (dynamic, pattern). */
export function labelSeg(label) {
  // `_x$pkg` names a hidden field of a package (in expected values); `$x` is a plain identifier.
  if (label.type === 'Ident') return seg(label.name.startsWith('_') ? label.name.replace(/\$.*$/, '') : label.name, false);
  if (label.type === 'BasicLit' && label.kind === 'string') return seg(label.value, true);
  return undefined;
}

function unwrapAlias(x) {
  return x && x.type === 'AliasExpr' ? x.expr : x;
}

/**
 * Every @test attribute in a parsed file, with its path: records {path, attr, file, line,
 * baseLine, fileLevel, isDecl, computedLabel}. Attributes the walk cannot reach (inside other expressions)
 * come back as records with `unreachable: true`.
 */
export function extractRecords(file, fileName) {
  const src = file.span.src;
  const records = [];
  const seen = new Set();
  const add = (a, path, opts) => {
    seen.add(a);
    records.push({ path, attr: parseTestAttr(a.text), file: fileName, line: lineOf(src, a.span.start), ...opts });
  };
  const walkField = (f, path) => {
    const baseLine = lineOf(src, f.span.start);
    for (const a of f.attrs) if (a.name === 'test') add(a, path, { baseLine, fileLevel: false, isDecl: false });
    const v = unwrapAlias(f.value);
    if (v && v.type === 'StructLit') walkStruct(v, path);
  };
  const walkStruct = (s, path) => {
    const baseLine = lineOf(src, s.span.start);
    for (const d of s.decls) {
      if (d.type === 'Attribute' && d.name === 'test') add(d, path, { baseLine, fileLevel: false, isDecl: true });
      else if (d.type === 'Field') {
        const sg = labelSeg(d.label);
        if (sg) walkField(d, [...path, sg]);
        else {
          // A computed label (`[X]: X`, `(k): v`): CUE's runner has no path for the field and
          // skips its @test attributes (internal/cuetxtar/inline_attr.go walkStruct; only a
          // shareID with at= is kept).
          for (const a of d.attrs) if (a.name === 'test') add(a, path, { baseLine, fileLevel: false, isDecl: false, computedLabel: true });
        }
      }
    }
  };
  for (const a of [...file.attrs, ...file.decls.filter((d) => d.type === 'Attribute')]) {
    if (a.name === 'test') add(a, [], { baseLine: lineOf(src, a.span.start), fileLevel: true, isDecl: false });
  }
  for (const d of file.decls) {
    if (d.type !== 'Field') continue;
    const sg = labelSeg(d.label);
    if (sg) walkField(d, [sg]);
    else for (const a of d.attrs) if (a.name === 'test') add(a, [], { baseLine: lineOf(src, d.span.start), fileLevel: false, isDecl: false, computedLabel: true });
  }
  // Attributes anywhere else cannot be run (CUE's runner reports them too).
  for (const a of allTestAttrs(file)) {
    if (!seen.has(a)) records.push({ path: [], attr: parseTestAttr(a.text), file: fileName, line: lineOf(src, a.span.start), baseLine: 0, unreachable: true });
  }
  return records;
}

/** Every @test Attribute node in a syntax tree. */
export function allTestAttrs(node, out = []) {
  if (!node || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const x of node) allTestAttrs(x, out);
    return out;
  }
  if (node.type === 'Attribute') {
    if (node.name === 'test') out.push(node);
    return out;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'span' || k === 'comments' || k === 'trailingComments') continue;
    if (v && typeof v === 'object') allTestAttrs(v, out);
  }
  return out;
}

/**
 * The directives that apply to one path under evaluator `version` ('v3'): a versioned form
 * replaces the unversioned one of the same directive (and at=); other versions are dropped;
 * `:todo` forms are kept apart (listed, not counted).
 */
export function activeDirectives(records, version) {
  const byKey = new Map();
  const versioned = new Set();
  const todo = [];
  for (const r of records) {
    const a = r.attr;
    if (a.version === 'todo') {
      todo.push(r);
      continue;
    }
    if (a.version !== '' && a.version !== version) continue;
    const key = a.directive + '\0' + a.at;
    if (a.version !== '') {
      byKey.set(key, r);
      versioned.add(key);
    } else if (!versioned.has(key)) {
      // Two unversioned attributes of one directive (two `eq`s on a field) both run.
      const list = byKey.get(key);
      byKey.set(key, list ? (Array.isArray(list) ? [...list, r] : [list, r]) : r);
    }
  }
  const out = [];
  for (const v of byKey.values()) out.push(...(Array.isArray(v) ? v : [v]));
  return { active: out, todo };
}

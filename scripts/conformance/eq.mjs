// `@test(eq, EXPECTED)`: does the evaluated value equal EXPECTED?
//
// The canonical form. EXPECTED is CUE syntax and the value is printed back as CUE syntax by
// cue-lite's own `exportCUE` (hidden, optional and required fields and definitions shown,
// defaults not applied). Both syntax trees are reduced to the canonical text of canon.mjs
// (field order, lets, comments, attributes, parentheses and the order of `|`/`&` operands do
// not count; `?`/`!`, `*` defaults, bounds, types, definitions and `_|_` do). When the texts
// differ, EXPECTED is also compiled by cue-lite and its value printed the same way, so that
// `close({a: 1})` matches `{a: 1}` and `uint8` matches `>=0 & <=255 & int`... but only when
// both spellings evaluate to the same printed value.
//
// Struct literals are walked field by field (so a failure names the field) and the
// directives CUE allows inside an expected struct are honoured: `@test(err, ...)` on a field
// (that field is an error of that code), `@test(ignore)` (not compared), `@test(final)`
// (compare the default), `@test(shareID=...)` (the second and later fields of one ID are
// not compared), and an embedded `_|_` (the struct itself is an error; its other
// declarations are not compared). Every field of the value must be expected, and the reverse.
// Pattern constraints `[T]: V` in EXPECTED are not compared (cue-lite's API does not list a
// value's patterns): they are counted in `skippedPatterns`. Errors compare by code only.
// A struct is compared by its fields, as CUE's cmpStruct: a validator beside it is not
// compared, also inside a disjunction compared as text (see dropStructValidators).
import { canon, labelText, stripHiddenPackages } from './canon.mjs';
import { labelSeg, pathText, parseTestAttr } from './attrs.mjs';
import { checkErr } from './err.mjs';

/**
 * Compares `actual` (a Value; `isRoot` when it is a whole file) with the expected CUE text.
 * Returns {ok, why, finals: [{ok, why, path}], skippedPatterns}.
 */
export function compareEq(lib, ctx, text, actual, isRoot) {
  const cleaned = stripHiddenPackages(text);
  const parsed = lib.parseExpr(new lib.Source('@test(eq)', cleaned));
  if (!parsed.expr || parsed.errors.length > 0) return { ok: false, why: `cannot parse expected value: ${parsed.errors[0]?.message ?? 'no expression'}`, finals: [] };
  let expected = null;
  const expectedValue = () => {
    if (expected === null) expected = ctx.compile(`conformanceExpected: (${cleaned})`, { filename: 'expected.cue' }).lookupPath('conformanceExpected');
    return expected;
  };
  const st = { lib, ctx, expectedValue, finals: [], skippedPatterns: 0 };
  const why = walk(st, parsed.expr, [], actual, isRoot);
  return { ok: why === undefined, why, finals: st.finals, skippedPatterns: st.skippedPatterns };
}

function unparen(x) {
  while (x.type === 'ParenExpr') x = x.expr;
  return x;
}

function hasTestAttr(node) {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasTestAttr);
  if (node.type === 'Attribute') return node.name === 'test';
  for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'comments' && v && typeof v === 'object' && hasTestAttr(v)) return true;
  return false;
}

const where = (path) => (path.length ? pathText(path) : '(value)');

/** undefined when equal, else why not. */
function walk(st, expr, path, actual, isRoot) {
  const e = unparen(expr);
  if (e.type === 'BottomLit') return actual.ownError() ? undefined : `${where(path)}: expected an error, got ${printed(actual, isRoot)}`;
  // Structs and lists are walked so that a failure names the first field that differs.
  if (e.type === 'StructLit') return walkStruct(st, e, path, actual, isRoot);
  if (e.type === 'ListLit' && e.elts.every((x) => x.type !== 'Ellipsis' && x.type !== 'Comprehension') && actual.kind() === 'list' && !isDisjunction(st, actual, isRoot)) {
    const got = actual.elements();
    if (got.length !== e.elts.length) return `${where(path)}: expected ${e.elts.length} elements, got ${got.length}`;
    for (let i = 0; i < e.elts.length; i++) {
      const w = walk(st, e.elts[i], [...path, { name: String(i), index: true }], got[i], false);
      if (w) return w;
    }
    return undefined;
  }
  return compareLeaf(st, e, path, actual, isRoot);
}

function walkStruct(st, e, path, actual, isRoot) {
  const embedBottom = e.decls.find((d) => d.type === 'EmbedDecl' && unparen(d.expr).type === 'BottomLit');
  const structErr = e.decls.find((d) => d.type === 'Attribute' && d.name === 'test' && parseTestAttr(d.text).directive === 'err');
  if (embedBottom || structErr) {
    // The struct itself is asserted to be an error; its other declarations are informative.
    const own = actual.ownError() ?? actual.validate()[0];
    if (!own) return `${where(path)}: expected an error (embedded _|_), got ${printed(actual, isRoot)}`;
    if (structErr) {
      const r = checkErr(parseTestAttr(structErr.text), actual);
      if (!r.ok) return `${where(path)}: ${r.why}`;
    }
    return undefined;
  }
  // A `...` in the expected struct is not compared (CUE's astcmp, cmpStruct, skips it).
  if (e.decls.some((d) => d.type === 'Comprehension')) return compareLeaf(st, e, path, actual, isRoot);
  if (e.decls.some((d) => d.type === 'EmbedDecl')) {
    // The whole value as printed; else as CUE's astcmp (cmpStruct with cmpEmbedExpr): each
    // embedded expression against the value's embedded list or scalar, and the fields one by
    // one (so that a field that is an error with its fields kept, or `_|_` with a nested
    // @test(err), is compared as CUE compares it).
    const leaf = compareLeaf(st, e, path, actual, isRoot);
    if (leaf === undefined || (!isRoot && isDisjunction(st, actual, false))) return leaf;
    for (const d of e.decls) {
      if (d.type !== 'EmbedDecl') continue;
      const x = unparen(d.expr);
      if (x.type === 'StructLit') return leaf;
      if (x.type === 'ListLit') {
        if (actual.kind() !== 'list' || x.elts.some((y) => y.type === 'Ellipsis' || y.type === 'Comprehension')) return leaf;
        const got = actual.elements();
        if (got.length !== x.elts.length) return leaf;
        for (let i = 0; i < x.elts.length; i++) if (walk(st, x.elts[i], [...path, { name: String(i), index: true }], got[i], false)) return leaf;
      } else if (compareLeafText(st, x, path, printedEmbedded(actual)) !== undefined) return leaf;
    }
    return walkFields(st, e, path, actual, { skipElements: true }) === undefined ? undefined : leaf;
  }
  // As CUE's astcmp (cmpStruct): a value that is an error but keeps its fields (a struct an
  // incomplete validator such as matchN has not accepted yet) is compared field by field; only
  // an error without fields is not a struct. Stricter than CUE's: only an incomplete error
  // (CUE's IsIncomplete: a cycle error too), so that a permanent error where CUE has a value
  // never passes.
  const own = actual.ownError();
  const errFields = own && (own.code === 'incomplete' || own.code === 'cycle') ? actual.fields({ optional: true, hidden: true, definitions: true }) : [];
  if (own && errFields.length === 0) return `${where(path)}: expected a struct, got an error: ${own.message}`;
  // A disjunction of structs is compared as written (fields() would pick its default).
  if (!own && (actual.kind() !== 'struct' || isDisjunction(st, actual, isRoot))) return compareLeaf(st, e, path, actual, isRoot);
  return walkFields(st, e, path, actual, { skipElements: false });
}

/** The fields of an expected struct literal against the value's (see walkStruct). */
function walkFields(st, e, path, actual, { skipElements }) {
  // Fields are matched by kind and name (cue-lite quotes keyword labels such as "in" in selectors).
  const got = new Map(actual.fields({ optional: true, hidden: true, definitions: true }).map((f) => [`${f.isDefinition ? '#' : f.isHidden ? '_' : '.'}${f.label}`, f]));
  const keyOf = (sg) => (sg.quoted ? '.' : sg.name.startsWith('#') || sg.name.startsWith('_#') ? '#' : sg.name.startsWith('_') ? '_' : '.') + sg.name;
  const seen = new Set();
  const shareIDs = new Set();
  for (const d of e.decls) {
    if (d.type !== 'Field') continue;
    if (d.label.type === 'PatternLabel') {
      st.skippedPatterns++;
      continue;
    }
    const sg = labelSeg(d.label);
    if (!sg) return `${where(path)}: dynamic label ${labelText(d.label)} in the expected value`;
    const sub = [...path, sg];
    const sel = keyOf(sg);
    seen.add(sel);
    const attrs = d.attrs.filter((a) => a.name === 'test').map((a) => parseTestAttr(a.text));
    let ignore = attrs.some((a) => a.directive === 'ignore');
    const share = attrs.find((a) => a.directive === 'shareID');
    if (share) {
      const id = share.fields[0]?.value;
      if (shareIDs.has(id)) ignore = true;
      shareIDs.add(id);
    }
    const errAttr = attrs.find((a) => a.directive === 'err' && a.version !== 'todo');
    const field = got.get(sel);
    if (ignore) {
      if (errAttr && field) {
        const r = checkErr(errAttr, field.value);
        if (!r.ok) return `${where(sub)}: ${r.why}`;
      }
      continue;
    }
    if (!field) return `${where(path)}: field ${pathText([sg])} not found in the value`;
    if (errAttr) {
      const r = checkErr(errAttr, field.value);
      if (!r.ok) return `${where(sub)}: ${r.why}`;
      continue;
    }
    const mark = d.constraint;
    const gotMark = field.optional ? 'optional' : field.required ? 'required' : 'regular';
    if (mark !== gotMark) return `${where(sub)}: expected ${article(mark)} field, got ${article(gotMark)} one`;
    if (attrs.some((a) => a.directive === 'final')) {
      const w = compareLeaf(st, unparen(d.value), sub, field.value.default(), false, true);
      st.finals.push({ path: pathText(sub), ok: w === undefined, why: w });
      if (w) return w;
      continue;
    }
    const w = walk(st, d.value, sub, field.value, false);
    if (w) return w;
  }
  const closed = actual.isClosed();
  for (const [sel, f] of got) {
    if (seen.has(sel)) continue;
    // Beside an embedded list, its elements are the embedding's (CUE's cmpStruct skips index selectors).
    if (skipElements && /^\.\d+$/.test(sel)) continue;
    // A field a closed struct rejects shows as an erroneous optional field (as in CUE).
    if (closed && f.optional && f.value.ownError()) continue;
    return `${where(path)}: unexpected field ${f.selector}${f.optional ? '?' : f.required ? '!' : ''} in the value`;
  }
  return undefined;
}

const article = (w) => (/^[aeiou]/.test(w) ? 'an ' : 'a ') + w;

/** Whether the value prints as a disjunction (`*{a: 1} | {b: 2}`). */
function isDisjunction(st, v, isRoot) {
  if (isRoot) return false;
  const r = st.lib.parseExpr(new st.lib.Source('<printed>', printed(v, false)));
  let x = r.expr;
  while (x && x.type === 'ParenExpr') x = x.expr;
  return Boolean(x && x.type === 'BinaryExpr' && x.op === '|');
}

/** The value printed as CUE syntax (hidden, optional fields and definitions shown). */
export function printed(v, isRoot, final = false) {
  try {
    const text = stripImports(v.exportCUE({ hidden: true, optional: true, definitions: true, final })).trim();
    return isRoot ? `{${text}}` : text;
  } catch (err) {
    return `_|_ /* ${err.message.split('\n')[0]} */`;
  }
}

/**
 * exportCUE starts with the imports its output uses (`import "struct"` before
 * `struct.MinFields(1)`), as `cue eval` does; an expected value names the packages without
 * them, so they are left out of the comparison.
 */
function stripImports(text) {
  return text.replace(/^(?:\s*import\s+(?:\([^)]*\)|[^\n]*)\n)+/, '');
}

/**
 * The canonical text of a printed value; its lists' `...` left out (see dropListTails), and
 * with `noOptional` its optional fields (see compareLeaf).
 */
function canonOfText(lib, text, noOptional = false, transform = (x) => x) {
  text = dropImports(text);
  const r = lib.parseExpr(new lib.Source('<printed>', text));
  if (!r.expr || r.errors.length > 0) return text.replace(/\s+/g, ' ');
  dropListTails(r.expr);
  if (noOptional) dropOptionalFields(r.expr);
  return canon(transform(r.expr));
}

/** Removes the optional fields (`a?: x`) of every struct literal in a freshly parsed tree. */
function dropOptionalFields(node) {
  if (!node || typeof node !== 'object') return node;
  if (Array.isArray(node)) {
    for (const x of node) dropOptionalFields(x);
    return node;
  }
  if (node.type === 'StructLit') node.decls = node.decls.filter((d) => !(d.type === 'Field' && d.constraint === 'optional'));
  for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'comments' && v && typeof v === 'object') dropOptionalFields(v);
  return node;
}

/**
 * CUE's astcmp compares a struct by its fields (cmpStruct): a validator beside a struct
 * (`struct.MinFields(2) & {c: 1}`, still pending on a kept disjunct) is not compared. The
 * walk does so field by field; inside a value compared as text (a disjunction of structs),
 * calls conjoined with a struct literal are dropped, when the expected value writes none,
 * and the struct literals left with distinct fields are merged (`{c: 1} & {d: 1}`).
 */
function dropStructValidators(node) {
  if (!node || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(dropStructValidators);
  if (node.type === 'BinaryExpr' && node.op === '&') {
    const parts = [];
    const flat = (x) => {
      while (x.type === 'ParenExpr') x = x.expr;
      if (x.type === 'BinaryExpr' && x.op === '&') {
        flat(x.left);
        flat(x.right);
      } else parts.push(x);
    };
    flat(node);
    if (parts.some((x) => x.type === 'StructLit')) {
      const kept = parts.filter((x) => x.type !== 'CallExpr').map(dropStructValidators);
      // What is left is printed as the struct literals it was made of (an incomplete value
      // shows its conjuncts): literals with distinct fields are one struct.
      if (kept.length > 1 && kept.every((x) => x.type === 'StructLit' && x.decls.every((d) => d.type === 'Field' && labelSeg(d.label)))) {
        const decls = kept.flatMap((x) => x.decls);
        const names = decls.map((d) => labelSeg(d.label).name);
        if (new Set(names).size === names.length) return { type: 'StructLit', decls, span: node.span };
      }
      return kept.reduce((a, b) => ({ type: 'BinaryExpr', op: '&', left: a, right: b, span: node.span }));
    }
  }
  const out = { ...node };
  for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'comments' && v && typeof v === 'object') out[k] = dropStructValidators(v);
  return out;
}

/** Whether an expected value writes a call conjoined with a struct literal (see dropStructValidators). */
function writesStructValidator(node) {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(writesStructValidator);
  if (node.type === 'BinaryExpr' && node.op === '&') {
    const ops = [node.left, node.right].map((x) => (x.type === 'ParenExpr' ? x.expr : x));
    if (ops.some((x) => x.type === 'CallExpr') && ops.some((x) => x.type === 'StructLit' || (x.type === 'BinaryExpr' && x.op === '&'))) return true;
  }
  if (node.type === 'StructLit' && node.decls.some((d) => d.type === 'EmbedDecl' && d.expr.type === 'CallExpr')) return true;
  for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'comments' && v && typeof v === 'object' && writesStructValidator(v)) return true;
  return false;
}

/**
 * exportCUE heads a value that names a standard-library validator with the imports it needs
 * (`import "struct"` then `struct.MinFields(1)`); the value is the expression after them, as
 * CUE's expected text writes it.
 */
function dropImports(text) {
  return text.replace(/^(\s*import\s*(\([^)]*\)|(\w+\s+)?"[^"]*")\s*)+/, '');
}

/**
 * CUE compares an expected list literal with a value element by element and ignores whether
 * the value's list is open (internal/cuetxtar/astcmp.go, cmpList): `[]` matches `[...string]`.
 * So the `...` of a printed value's lists is dropped; an expected `...` is kept (and, as in
 * CUE, matches nothing).
 */
function dropListTails(node) {
  if (!node || typeof node !== 'object') return node;
  if (Array.isArray(node)) {
    for (const x of node) dropListTails(x);
    return node;
  }
  if (node.type === 'ListLit') node.elts = node.elts.filter((x) => x.type !== 'Ellipsis');
  for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'comments' && v && typeof v === 'object') dropListTails(v);
  return node;
}

/** The value without its definitions, hidden and optional fields: what a struct embeds (CUE's embeddedScalar). */
function printedEmbedded(v) {
  try {
    return stripImports(v.exportCUE({ hidden: false, optional: false, definitions: false })).trim();
  } catch (err) {
    return `_|_ /* ${err.message.split('\n')[0]} */`;
  }
}

function compareLeaf(st, e, path, actual, isRoot, final = false) {
  return compareLeafText(st, e, path, printed(actual, isRoot, final), final);
}

function compareLeafText(st, e, path, gotText, final = false) {
  const got = canonOfText(st.lib, gotText);
  if (canon(e) === got) return undefined;
  // An expected call (a validator such as `yaml.Validate({b?: string})`) is compiled and
  // compared with Value.Equals by CUE's runner (astcmp.go cmpBuiltinExpr, valuesEqual), and
  // adt.Equal skips optional fields: so are the optional fields of both texts here.
  if (e.type === 'CallExpr' || e.type === 'SelectorExpr') {
    const wantText = e.span.src.text.slice(e.span.start, e.span.end);
    if (canonOfText(st.lib, wantText, true) === canonOfText(st.lib, gotText, true)) return undefined;
  }
  if (!writesStructValidator(e) && canon(e) === canonOfText(st.lib, gotText, false, dropStructValidators)) return undefined;
  // Another spelling of the same value: compile EXPECTED and print it the same way. Only for
  // expressions that are not already values (calls, arithmetic, references such as `uint8`):
  // `>=10 & <=10` must not match a value cue-lite simplified to `10`.
  if (!needsEvaluation(e)) return mismatch(e, path, gotText);
  let ev = st.expectedValue();
  for (const s of path) ev = ev.lookupPath(s.index ? [Number(s.name)] : pathText([s]));
  if (ev.exists()) {
    const want = canonOfText(st.lib, printed(final ? ev.default() : ev, false, final));
    if (want === got) return undefined;
  }
  return mismatch(e, path, gotText);
}

function mismatch(e, path, gotText) {
  const wantText = e.span.src.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ');
  return `${where(path)}: expected ${clip(wantText)}, got ${clip(gotText.replace(/\s+/g, ' '))}`;
}

const valueIdents = new Set(['_', 'int', 'float', 'number', 'string', 'bytes', 'bool', 'null', 'true', 'false']);
const valueOps = new Set(['|', '&']);

/** Whether an expected expression is more than a written-out value (see compareLeaf). */
function needsEvaluation(node) {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(needsEvaluation);
  switch (node.type) {
    case 'CallExpr':
    case 'SelectorExpr':
    case 'IndexExpr':
    case 'Interpolation':
    case 'Comprehension':
      return true;
    case 'Ident':
      return !valueIdents.has(node.name);
    case 'BinaryExpr':
      if (!valueOps.has(node.op)) return true;
      // `int & >=0 & <10` prints as the predeclared range it is (`uint & <10`).
      if (node.op === '&' && mentionsIdent(node, 'int')) return true;
      break;
    case 'Field':
      return needsEvaluation(node.value);
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'comments' && k !== 'label' && v && typeof v === 'object' && needsEvaluation(v)) return true;
  return false;
}

function mentionsIdent(node, name) {
  if (!node || typeof node !== 'object') return false;
  if (node.type === 'Ident') return node.name === name;
  if (node.type === 'BinaryExpr') return mentionsIdent(node.left, name) || mentionsIdent(node.right, name);
  if (node.type === 'ParenExpr') return mentionsIdent(node.expr, name);
  return false;
}

function clip(s) {
  return s.length > 160 ? s.slice(0, 157) + '...' : s;
}

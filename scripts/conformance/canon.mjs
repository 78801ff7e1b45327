// A canonical text for a CUE expression's syntax tree, so that two spellings of one value
// compare equal: field order, let bindings, comments, attributes, parentheses, quoting of
// identifier-like labels, the order of disjuncts and conjuncts and a struct's `...` (as in
// CUE's astcmp) do not count; everything else does (definitions, hidden fields, `?`/`!`
// markers, default marks `*`, bounds, types, `_|_`). `_ & x`, `x & x` and `x | x` are x, `{x}` and `{_, x}` are x, `f()` is `f`. Pattern constraints `[T]: V` are left out (eq.mjs).
// Numbers are compared by value (`0x10` is `16`, `4.0` is `4.000`, but an int is not a float); string and bytes literals by content.

import Decimal from 'decimal.js';

const identRe = /^[#_]*[\p{L}$_][\p{L}\p{Nd}$_]*$/u;

/** Hidden labels in CUE's expected values may carry a package (`_x$pkg`); cue-lite has no hidden-field packages. */
export function stripHiddenPackages(text) {
  return text.replace(/(_[#\p{L}\p{Nd}$_]*?)\$(?:\([^)]*\)|[\p{L}\p{Nd}_]+)/gu, '$1');
}

export function canon(node) {
  switch (node.type) {
    case 'Ident':
      return node.name;
    case 'BasicLit':
      return literal(node);
    case 'BottomLit':
      return '_|_';
    case 'ParenExpr':
      return canon(node.expr);
    case 'UnaryExpr':
      return node.op + canon(node.expr);
    case 'BinaryExpr': {
      if (node.op === '|' || node.op === '&') {
        const parts = [];
        flatten(node, node.op, parts);
        // `_ & x` is x; `x & x` and `x | x` are x.
        const kept = node.op === '&' ? parts.filter((p) => !(p.type === 'Ident' && p.name === '_')) : parts;
        const texts = [...new Set(kept.map(canon))].sort();
        if (texts.length === 0) return '_';
        if (texts.length === 1) return texts[0];
        return '(' + texts.join(` ${node.op} `) + ')';
      }
      return `(${canon(node.left)} ${node.op} ${canon(node.right)})`;
    }
    case 'StructLit': {
      // `{x}` (one embedding, nothing else) is x.
      // An embedded `_` adds nothing.
      const real = node.decls.filter((d) => d.type !== 'LetClause' && d.type !== 'Attribute' && !(d.type === 'EmbedDecl' && d.expr.type === 'Ident' && d.expr.name === '_'));
      if (real.length === 1 && real[0].type === 'EmbedDecl') return canon(real[0].expr);
      return '{' + real.map(decl).filter((d) => d !== '').sort().join('; ') + '}';
    }
    case 'ListLit':
      return '[' + node.elts.map((e) => (e.type === 'Ellipsis' ? '...' + (e.value ? canon(e.value) : '') : e.type === 'Comprehension' ? raw(e) : canon(e))).join(', ') + ']';
    case 'CallExpr':
      // A validator without arguments prints as `json.Valid()` or `json.Valid`.
      if (node.args.length === 0) return canon(node.fun);
      return canon(node.fun) + '(' + node.args.map(canon).join(', ') + ')';
    case 'SelectorExpr':
      return canon(node.expr) + '.' + (node.sel.type === 'Ident' ? node.sel.name : canon(node.sel));
    case 'IndexExpr':
      return canon(node.expr) + '[' + canon(node.index) + ']';
    case 'AliasExpr':
      return canon(node.expr);
    default:
      return raw(node);
  }
}

function flatten(n, op, out) {
  const x = n.type === 'ParenExpr' ? n.expr : n;
  if (x.type === 'BinaryExpr' && x.op === op) {
    flatten(x.left, op, out);
    flatten(x.right, op, out);
  } else out.push(x);
}

function raw(node) {
  return node.span.src.text.slice(node.span.start, node.span.end).replace(/\s+/g, ' ');
}

function literal(n) {
  if (n.kind === 'int') {
    try {
      return BigInt(n.raw.replace(/_/g, '').replace(/^0o/i, '0o')).toString();
    } catch {
      return n.raw;
    }
  }
  if (n.kind === 'float') {
    // By value, as CUE compares decimals: 4.0 is 4.000, but not the int 4.
    const s = n.raw.replace(/_/g, '');
    try {
      return 'f' + new Decimal(s).toString();
    } catch {
      return 'f' + s.toLowerCase();
    }
  }
  if (n.kind === 'string') return JSON.stringify(n.value);
  return n.raw;
}

export function labelText(label) {
  if (label.type === 'Ident') return label.name;
  if (label.type === 'BasicLit' && label.kind === 'string') return identRe.test(label.value) && !/^[#_]/.test(label.value) ? label.value : JSON.stringify(label.value);
  if (label.type === 'PatternLabel') return '[' + canon(label.expr) + ']';
  if (label.type === 'DynamicLabel') return '(' + canon(label.expr) + ')';
  return raw(label);
}

function decl(d) {
  switch (d.type) {
    case 'Field': {
      // Pattern constraints are not compared (see eq.mjs).
      if (d.label.type === 'PatternLabel') return '';
      const mark = d.constraint === 'optional' ? '?' : d.constraint === 'required' ? '!' : '';
      return `${labelText(d.label)}${mark}: ${canon(d.value)}`;
    }
    case 'EmbedDecl':
      return 'embed ' + canon(d.expr);
    case 'Ellipsis':
      // CUE's astcmp (cmpStruct) does not compare a struct's `...`: `{x: int}` matches an open struct.
      return '';
    case 'LetClause':
    case 'Attribute':
      return '';
    default:
      return raw(d);
  }
}

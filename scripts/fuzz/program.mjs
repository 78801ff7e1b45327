// The program tree the fuzzer generates and reduces, and its printer. A node is a plain object
// `{k: kind, ...}`; `slots` says where each kind keeps its children, so that the reducer can
// walk and edit any program without knowing what the generator meant by it.
//
// Expressions: lit {s} (any atom: 1, "a", int, _), ref {s} (an identifier or selector path),
// bin {op, l, r}, un {op, x} (also unary bounds >=3), disj {arms: [{def, x}]}, call {fn, args},
// struct {decls}, list {elems, tail} (tail null: closed; a lit with s '' prints `...`),
// index {x, i}, sel {x, name}, interp {parts: (string | node)[]}, listcomp {clauses, body}.
// Declarations: field {label, mark, v} (label: text, or a node printed in parentheses),
// pattern {alias, key, v}, embed {x}, let {name, x}, comp {clauses, body}, ellipsis {}.
// Clauses: for {key, val, src}, if {cond}, letc {name, x}. The root: file {decls}.

/** Child positions per kind: [key, 'one' | 'many', role]. Roles tell the reducer what fits. */
export const slots = {
  bin: [['l', 'one', 'expr'], ['r', 'one', 'expr']],
  un: [['x', 'one', 'expr']],
  disj: [['arms', 'many', 'arm']],
  arm: [['x', 'one', 'expr']],
  call: [['args', 'many', 'arg']],
  struct: [['decls', 'many', 'decl']],
  list: [['elems', 'many', 'elem'], ['tail', 'one', 'tail']],
  index: [['x', 'one', 'expr'], ['i', 'one', 'expr']],
  sel: [['x', 'one', 'expr']],
  interp: [['parts', 'many', 'part']],
  listcomp: [['clauses', 'many', 'clause'], ['body', 'one', 'body']],
  field: [['label', 'one', 'label'], ['v', 'one', 'expr']],
  pattern: [['key', 'one', 'expr'], ['v', 'one', 'expr']],
  embed: [['x', 'one', 'expr']],
  let: [['x', 'one', 'expr']],
  comp: [['clauses', 'many', 'clause'], ['body', 'one', 'body']],
  for: [['src', 'one', 'expr']],
  if: [['cond', 'one', 'expr']],
  letc: [['x', 'one', 'expr']],
  file: [['decls', 'many', 'decl']],
};

export const lit = (s) => ({ k: 'lit', s: String(s) });
export const ref = (s) => ({ k: 'ref', s });
export const bin = (op, l, r) => ({ k: 'bin', op, l, r });
export const un = (op, x) => ({ k: 'un', op, x });
export const disj = (...arms) => ({ k: 'disj', arms: arms.map((a) => (a.k === 'arm' ? a : { k: 'arm', def: false, x: a })) });
export const arm = (x, def = false) => ({ k: 'arm', def, x });
export const call = (fn, ...args) => ({ k: 'call', fn, args });
export const struct = (...decls) => ({ k: 'struct', decls });
export const list = (elems, tail = null) => ({ k: 'list', elems, tail });
export const index = (x, i) => ({ k: 'index', x, i });
export const sel = (x, name) => ({ k: 'sel', x, name });
export const interp = (...parts) => ({ k: 'interp', parts });
export const listcomp = (clauses, body) => ({ k: 'listcomp', clauses, body });
export const field = (label, v, mark = '') => ({ k: 'field', label, mark, v });
export const pattern = (key, v, alias = '') => ({ k: 'pattern', alias, key, v });
export const embed = (x) => ({ k: 'embed', x });
export const letDecl = (name, x) => ({ k: 'let', name, x });
export const comp = (clauses, body) => ({ k: 'comp', clauses, body });
export const ellipsis = () => ({ k: 'ellipsis' });
export const forClause = (key, val, src) => ({ k: 'for', key, val, src });
export const ifClause = (cond) => ({ k: 'if', cond });
export const letClause = (name, x) => ({ k: 'letc', name, x });
export const file = (decls) => ({ k: 'file', decls });

// Operands that need no parentheses wherever they appear.
const primary = new Set(['lit', 'ref', 'call', 'struct', 'list', 'index', 'sel', 'interp', 'listcomp']);

function operand(n) {
  const s = printExpr(n);
  return primary.has(n.k) || n.k === 'un' ? s : `(${s})`;
}

function printClause(c) {
  switch (c.k) {
    case 'for':
      return `for ${c.key ? c.key + ', ' : ''}${c.val} in ${operand(c.src)}`;
    case 'if':
      return `if ${printExpr(c.cond)}`;
    case 'letc':
      return `let ${c.name} = ${printExpr(c.x)}`;
  }
  throw new Error(`not a clause: ${c.k}`);
}

function printLabel(l) {
  if (typeof l === 'string') return l;
  if (l.k === 'interp') return printExpr(l);
  return `(${printExpr(l)})`;
}

export function printDecl(d) {
  switch (d.k) {
    case 'field':
      return `${printLabel(d.label)}${d.mark}: ${printExpr(d.v)}`;
    case 'pattern':
      return `[${d.alias ? d.alias + '=' : ''}${printExpr(d.key)}]: ${printExpr(d.v)}`;
    case 'embed':
      return printExpr(d.x);
    case 'let':
      return `let ${d.name} = ${printExpr(d.x)}`;
    case 'comp':
      return `${d.clauses.map(printClause).join(' ')} ${printExpr(d.body)}`;
    case 'ellipsis':
      return '...';
  }
  throw new Error(`not a declaration: ${d.k}`);
}

export function printExpr(n) {
  switch (n.k) {
    case 'lit':
    case 'ref':
      return n.s;
    case 'bin':
      return `${operand(n.l)} ${n.op} ${operand(n.r)}`;
    case 'un': {
      // `< -2`, not `<-2`: v0.4 scans `<-` as one token.
      const x = operand(n.x);
      return `${n.op}${x.startsWith('-') ? ' ' : ''}${x}`;
    }
    case 'disj':
      return n.arms.map((a) => (a.def ? '*' : '') + (a.x.k === 'disj' || (a.x.k === 'bin' && a.def) ? `(${printExpr(a.x)})` : printExpr(a.x))).join(' | ');
    case 'call':
      return `${n.fn}(${n.args.map(printExpr).join(', ')})`;
    case 'struct':
      return `{${n.decls.map(printDecl).join(', ')}}`;
    case 'list': {
      const items = n.elems.map(printExpr);
      if (n.tail) items.push(n.tail.k === 'lit' && n.tail.s === '' ? '...' : '...' + operand(n.tail));
      return `[${items.join(', ')}]`;
    }
    case 'index':
      return `${operand(n.x)}[${printExpr(n.i)}]`;
    case 'sel':
      return `${operand(n.x)}.${n.name}`;
    case 'interp':
      return '"' + n.parts.map((p) => (typeof p === 'string' ? p : `\\(${printExpr(p)})`)).join('') + '"';
    case 'listcomp':
      return `[${n.clauses.map(printClause).join(' ')} ${printExpr(n.body)}]`;
  }
  throw new Error(`not an expression: ${n.k}`);
}

/** The packages a program calls into (`strings.ToUpper` needs `import "strings"`). */
function imports(root) {
  const found = new Set();
  const walk = (n) => {
    if (!n || typeof n !== 'object') return;
    if (n.k === 'call' && n.fn.includes('.')) found.add(n.fn.slice(0, n.fn.lastIndexOf('.')));
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') walk(v);
    }
  };
  walk(root);
  return [...found].sort();
}

/** CUE source text: one top-level declaration a line; imports derived from the calls. */
export function printProgram(root) {
  const head = imports(root).map((p) => `import "${p}"\n`).join('');
  return (head ? head + '\n' : '') + root.decls.map((d) => printDecl(d) + '\n').join('');
}

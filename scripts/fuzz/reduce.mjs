// The reducer: shrinks a program tree (program.mjs) while a predicate still holds, typically
// "the two implementations still disagree in the same class". Greedy delta debugging over the
// tree: remove a declaration, list element, disjunct or clause; replace an expression by one
// of its operands or by a plain literal; drop a default mark, an optional mark or a list tail.
// An edit is kept only when the printed program gets shorter and the predicate holds, so the
// reduction always ends; the predicate is called at most `maxTests` times.
import { printProgram, slots } from './program.mjs';

const clone = (x) => structuredClone(x);

/** Every node position: {path, node, role, parentArray?}, top-down (parents before children). */
function positions(root) {
  const out = [];
  const walk = (node, path, role) => {
    if (!node || typeof node !== 'object' || !node.k) return;
    out.push({ path, node, role });
    for (const [key, many, childRole] of slots[node.k] ?? []) {
      const v = node[key];
      if (many === 'many') v.forEach((c, i) => walk(c, [...path, key, i], childRole));
      else walk(v, [...path, key], childRole);
    }
  };
  walk(root, [], 'root');
  return out;
}

function at(root, path) {
  let n = root;
  for (const p of path) n = n[p];
  return n;
}

/** A copy of root with the node at path replaced by `value` (undefined: removed from its array). */
function replaced(root, path, value) {
  const copy = clone(root);
  const parent = at(copy, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    if (value === undefined) parent.splice(last, 1);
    else if (Array.isArray(value)) parent.splice(last, 1, ...value);
    else parent[last] = value;
  } else parent[last] = value === undefined ? null : value;
  return copy;
}

const simpleLiterals = [{ k: 'lit', s: '1' }, { k: 'lit', s: '"a"' }, { k: 'lit', s: '_' }, { k: 'struct', decls: [] }];

/** The candidate programs one edit away from root, most promising (biggest cut) first. */
export function* edits(root) {
  // Halves, quarters, ... of the top-level declarations first (delta debugging's big steps).
  const n = root.decls.length;
  for (let size = n >> 1; size >= 2; size >>= 1) {
    for (let i = 0; i + size <= n; i += size) yield { ...root, decls: [...root.decls.slice(0, i), ...root.decls.slice(i + size)] };
  }
  for (const { path, node, role } of positions(root)) {
    const parent = path.length ? at(root, path.slice(0, -2)) : undefined;
    const inArray = typeof path[path.length - 1] === 'number';
    // Removals.
    if (inArray && ['decl', 'elem', 'clause'].includes(role)) yield replaced(root, path, undefined);
    // A disjunction keeps two disjuncts at least: a lone `*x` does not parse in v0.4.
    if (role === 'arm' && parent.arms.length > 2) yield replaced(root, path, undefined);
    if (role === 'arm' && parent.arms.length === 2) yield replaced(root, path.slice(0, -2), parent.arms[1 - path[path.length - 1]].x);
    if (role === 'tail') yield replaced(root, path, undefined);
    // Declarations that can be flattened into their struct.
    if (role === 'decl' && node.k === 'comp' && node.body.k === 'struct') yield replaced(root, path, node.body.decls);
    if (role === 'decl' && node.k === 'embed' && node.x.k === 'struct') yield replaced(root, path, node.x.decls);
    if (role === 'decl' && node.k === 'field' && node.mark) yield replaced(root, path, { ...node, mark: '' });
    if (role === 'arm' && node.def) yield replaced(root, path, { ...node, def: false });
    // Expressions replaced by an operand, or by a literal.
    if (role === 'expr' || role === 'elem' || role === 'arg' || role === 'body') {
      for (const [key, many, childRole] of slots[node.k] ?? []) {
        if (!['expr', 'arg', 'arm', 'elem'].includes(childRole)) continue;
        const kids = many === 'many' ? node[key] : [node[key]];
        for (const kid of kids) if (kid) yield replaced(root, path, kid.k === 'arm' ? kid.x : kid);
      }
      if (node.k === 'interp') yield replaced(root, path, { k: 'lit', s: '"s"' });
      if (role !== 'body') for (const l of simpleLiterals) if (l.k !== node.k || l.s !== node.s) yield replaced(root, path, l);
    }
  }
}

/**
 * The smallest program found that still satisfies `keep` (an async predicate on the printed
 * text). Returns {tree, text, tests}.
 */
export async function reduce(root, keep, { maxTests = 400 } = {}) {
  let best = root;
  let bestText = printProgram(root);
  let tests = 0;
  const seen = new Set([bestText]);
  let progress = true;
  while (progress && tests < maxTests) {
    progress = false;
    for (const candidate of edits(best)) {
      let text;
      try {
        text = printProgram(candidate);
      } catch {
        continue; // an edit that left a node where it cannot be printed
      }
      if (text.length >= bestText.length || seen.has(text)) continue;
      seen.add(text);
      tests++;
      if (await keep(text)) {
        best = candidate;
        bestText = text;
        progress = true;
        break;
      }
      if (tests >= maxTests) break;
    }
  }
  return { tree: best, text: bestText, tests };
}

/**
 * Line breaks the author wrote, read from a parsed node's source: what CUE's AST records as a
 * node position's Newline "relative position" (the node starts on a later line than the token
 * before it). The pinned formatter (internal/pretty) keeps such breaks and decides some layouts
 * from whether a node's subtree holds one: a bracket around a single element that will break
 * anyway hugs it (`[{` ... `}]`), and a bracket whose element opens a block on the bracket's line
 * shares that block's indentation.
 */

interface NodeLike {
  readonly type: string;
  readonly span?: { readonly src: { readonly text: string }; readonly start: number; readonly end: number };
}

function isNode(n: unknown): n is NodeLike {
  return typeof n === 'object' && n !== null && typeof (n as NodeLike).type === 'string';
}

/**
 * The child nodes of an AST node, in source order. Spans and comments are not nodes: a comment
 * carries no position that the layout rules read.
 */
export function childNodes(n: object): object[] {
  const out: object[] = [];
  for (const [k, v] of Object.entries(n)) {
    if (k === 'span' || k === 'comments' || k === 'trailingComments' || k === 'openComment') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (isNode(x)) out.push(x);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

/** True when a parsed node is the first thing on its source line (only blanks before it). */
export function startsOnNewLine(n: object): boolean {
  const span = (n as NodeLike).span;
  if (span === undefined || span.end <= span.start) return false;
  const text = span.src.text;
  let i = span.start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i--;
  return i >= 0 && text[i] === '\n';
}

/**
 * True when some node strictly inside `n` starts a source line: the layout of `n` has an
 * authored line break, so it prints over several lines whatever surrounds it. A multi-line
 * string is one token and does not count, as in CUE.
 */
export function lineBreakInside(n: object): boolean {
  for (const c of childNodes(n)) {
    if (startsOnNewLine(c) || lineBreakInside(c)) return true;
  }
  return false;
}

/**
 * RFC 6901 JSON pointers: `""` is the whole document, `/a/b` a path, `~1` stands for `/` and
 * `~0` for `~` inside a segment.
 */
export function parseJSONPointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const segs = pointer.slice(1).split('/');
  for (const s of segs) if (/~(?![01])/.test(s)) return undefined;
  return segs.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** An array index as RFC 6901 allows it: `0` or digits without a leading zero. */
export function parseArrayIndex(seg: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(seg) ? Number(seg) : undefined;
}

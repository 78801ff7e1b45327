/** JSON text with keys sorted and number exponents normalized, to compare ignoring field order. */
export function canonicalJSON(text: string): string {
  const sortKeys = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sortKeys);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(sortKeys(JSON.parse(text.replace(/(\d)E\+?(-?\d)/g, '$1e$2'))));
}

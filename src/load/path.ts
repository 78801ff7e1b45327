/**
 * Slash-separated paths, the loader's only kind (a browser has no `node:path`; on Windows the
 * CLI hands over paths with `/`). Absolute paths start with `/` or a drive (`C:/`).
 */

export function isAbs(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:\//.test(p);
}

/** `a/./b/../c` -> `a/c`; keeps a leading `/` (or drive) and leading `..` of relative paths. */
export function clean(p: string): string {
  const drive = /^[A-Za-z]:/.exec(p)?.[0] ?? '';
  const rest = p.slice(drive.length);
  const abs = rest.startsWith('/');
  const out: string[] = [];
  for (const el of rest.split('/')) {
    if (el === '' || el === '.') continue;
    if (el === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(el);
  }
  const body = out.join('/');
  if (abs) return drive + '/' + body;
  return drive + (body === '' ? '.' : body);
}

export function join(...parts: string[]): string {
  return clean(parts.filter((p) => p !== '').join('/'));
}

export function dirname(p: string): string {
  const c = clean(p);
  const i = c.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  if (/^[A-Za-z]:$/.test(c.slice(0, i))) return c.slice(0, i + 1);
  return c.slice(0, i);
}

export function basename(p: string): string {
  const c = clean(p);
  return c.slice(c.lastIndexOf('/') + 1);
}

/** `to` relative to `from` (both absolute): `a/b`, `../x`, or `.`. */
export function relative(from: string, to: string): string {
  const f = clean(from).split('/').filter(Boolean);
  const t = clean(to).split('/').filter(Boolean);
  let i = 0;
  while (i < f.length && i < t.length && f[i] === t[i]) i++;
  const up = f.slice(i).map(() => '..');
  const rel = [...up, ...t.slice(i)].join('/');
  return rel === '' ? '.' : rel;
}

/** Whether `p` is `dir` or inside it. */
export function within(p: string, dir: string): boolean {
  const a = clean(p);
  const d = clean(dir);
  return a === d || a.startsWith(d.endsWith('/') ? d : d + '/');
}

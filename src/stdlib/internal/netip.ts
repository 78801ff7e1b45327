/** IP addresses and prefixes with the semantics of Go's net/netip (ParseAddr, ParsePrefix, String). */
export interface Addr {
  bytes: number[]; // 4 or 16
  zone: string;
}

export class AddrError extends Error {}

function parse4(s: string): number[] | string {
  const parts = s.split('.');
  if (parts.length < 4) return 'IPv4 address too short';
  if (parts.length > 4) return 'IPv4 address too long';
  const out: number[] = [];
  for (const p of parts) {
    if (p === '') return 'IPv4 field must have at least one digit';
    if (!/^\d+$/.test(p)) return 'unexpected character';
    if (p.length > 1 && p[0] === '0') return 'IPv4 field has octet with leading zero';
    const v = Number(p);
    if (v > 255) return 'IPv4 field has value >255';
    out.push(v);
  }
  return out;
}

function parse6(s: string): number[] | string {
  let zone = '';
  const pct = s.indexOf('%');
  if (pct >= 0) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') return 'zone must be a non-empty string';
  }
  void zone;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return 'multiple :: in address';
  const side = (t: string): number[] | string => {
    if (t === '') return [];
    const out: number[] = [];
    const groups = t.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parse4(g);
        if (typeof v4 === 'string') return v4;
        out.push(...v4);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return g.length > 4 ? 'each colon-separated field must have at most 4 hex digits' : 'unexpected character';
      const v = parseInt(g, 16);
      out.push(v >> 8, v & 255);
    }
    return out;
  };
  if (dbl >= 0) {
    const a = side(s.slice(0, dbl));
    const b = side(s.slice(dbl + 2));
    if (typeof a === 'string') return a;
    if (typeof b === 'string') return b;
    if (a.length + b.length > 14) return 'address string too long';
    return [...a, ...new Array<number>(16 - a.length - b.length).fill(0), ...b];
  }
  const all = side(s);
  if (typeof all === 'string') return all;
  if (all.length !== 16) return 'address string too short';
  return all;
}

export function parseAddr(s: string): Addr {
  if (s === '') throw new AddrError('ParseAddr(""): unable to parse IP');
  const fail = (msg: string): never => {
    throw new AddrError(`ParseAddr(${JSON.stringify(s)}): ${msg}`);
  };
  if (/^[0-9.]+$/.test(s) && s.includes('.')) {
    const r = parse4(s);
    return typeof r === 'string' ? fail(r) : { bytes: r, zone: '' };
  }
  if (s.includes(':')) {
    const r = parse6(s);
    if (typeof r === 'string') return fail(r);
    const pct = s.indexOf('%');
    return { bytes: r, zone: pct >= 0 ? s.slice(pct + 1) : '' };
  }
  return fail('unable to parse IP');
}

export function addrFromBytes(b: number[]): Addr | undefined {
  return b.length === 4 || b.length === 16 ? { bytes: [...b], zone: '' } : undefined;
}

const is4in6 = (b: number[]) => b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255;

export function addrString(a: Addr): string {
  const b = a.bytes;
  if (b.length === 4) return b.join('.');
  if (is4in6(b)) return '::ffff:' + b.slice(12).join('.') + (a.zone ? '%' + a.zone : '');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // The longest run of two or more zero groups becomes "::" (the first one on a tie).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hexs = groups.map((g) => g.toString(16));
  const text = best < 0 ? hexs.join(':') : hexs.slice(0, best).join(':') + '::' + hexs.slice(best + bestLen).join(':');
  return text + (a.zone ? '%' + a.zone : '');
}

export interface Prefix {
  addr: Addr;
  bits: number;
}

export function parsePrefix(s: string): Prefix {
  const slash = s.lastIndexOf('/');
  if (slash < 0) throw new AddrError(`netip.ParsePrefix(${JSON.stringify(s)}): no '/'`);
  let addr: Addr;
  try {
    addr = parseAddr(s.slice(0, slash));
  } catch (e) {
    throw new AddrError(`netip.ParsePrefix(${JSON.stringify(s)}): ${(e as Error).message}`);
  }
  if (addr.zone) throw new AddrError(`netip.ParsePrefix(${JSON.stringify(s)}): IPv6 zones cannot be present in a prefix`);
  const bitsText = s.slice(slash + 1);
  const max = addr.bytes.length * 8;
  if (!/^\d+$/.test(bitsText) || (bitsText.length > 1 && bitsText[0] === '0')) throw new AddrError(`netip.ParsePrefix(${JSON.stringify(s)}): bad bits after slash: ${JSON.stringify(bitsText)}`);
  const bits = Number(bitsText);
  if (bits > max) throw new AddrError(`netip.ParsePrefix(${JSON.stringify(s)}): prefix length out of range`);
  return { addr, bits };
}

export function masked(p: Prefix): Addr {
  const b = p.addr.bytes.map((x, i) => {
    const keep = Math.max(0, Math.min(8, p.bits - 8 * i));
    return x & ((0xff << (8 - keep)) & 0xff);
  });
  return { bytes: b, zone: '' };
}

export function contains(p: Prefix, a: Addr): boolean {
  if (a.bytes.length !== p.addr.bytes.length || a.zone) return false;
  const m = masked(p).bytes;
  return masked({ addr: a, bits: p.bits }).bytes.every((x, i) => x === m[i]);
}

export function compareAddr(a: Addr, b: Addr): number {
  if (a.bytes.length !== b.bytes.length) return a.bytes.length < b.bytes.length ? -1 : 1;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return a.bytes[i]! < b.bytes[i]! ? -1 : 1;
  return a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0;
}

export function toBigInt(a: Addr): bigint {
  return a.bytes.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
}

export function fromBigInt(v: bigint, size: number): Addr {
  const out: number[] = [];
  for (let i = size - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
  return { bytes: out, zone: '' };
}

export const isLoopback = (a: Addr) => (a.bytes.length === 4 ? a.bytes[0] === 127 : a.bytes.every((x, i) => x === (i === 15 ? 1 : 0)));
export const isMulticast = (a: Addr) => (a.bytes.length === 4 ? (a.bytes[0]! & 0xf0) === 0xe0 : a.bytes[0] === 0xff);
export const isInterfaceLocalMulticast = (a: Addr) => a.bytes.length === 16 && a.bytes[0] === 0xff && (a.bytes[1]! & 0x0f) === 0x01;
export const isLinkLocalMulticast = (a: Addr) =>
  a.bytes.length === 4 ? a.bytes[0] === 224 && a.bytes[1] === 0 && a.bytes[2] === 0 : a.bytes[0] === 0xff && (a.bytes[1]! & 0x0f) === 0x02;
export const isLinkLocalUnicast = (a: Addr) => (a.bytes.length === 4 ? a.bytes[0] === 169 && a.bytes[1] === 254 : a.bytes[0] === 0xfe && (a.bytes[1]! & 0xc0) === 0x80);
export const isUnspecified = (a: Addr) => a.bytes.every((x) => x === 0);
export function isGlobalUnicast(a: Addr): boolean {
  if (a.bytes.length === 4 && a.bytes.every((x) => x === 255)) return false;
  return !isUnspecified(a) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);
}

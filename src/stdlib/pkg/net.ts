/**
 * Package `net`: IP addresses and prefixes with Go's net/netip semantics (as current CUE),
 * host/port splitting, FQDN validation, and URL escaping and validation (net/url). An IP
 * argument is a string, bytes, or a list of byte values.
 */
import { type PlainValue, plainKindName } from '../../plain/plain-value.js';
import { BuiltinError, type BuiltinFunc, type BuiltinPackage } from '../../plain/builtin.js';
import { int, makeStruct, str } from '../internal/args.js';
import * as ip from '../internal/netip.js';
import { utf8Decode, utf8Encode } from '../internal/utf8.js';

function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ip.AddrError) throw new BuiltinError(e.message);
    throw e;
  }
}

function getIP(v: PlainValue | undefined): ip.Addr {
  if (typeof v === 'string') return guard(() => ip.parseAddr(v));
  if (v instanceof Uint8Array) return guard(() => ip.parseAddr(utf8Decode(v)));
  if (Array.isArray(v)) {
    const bytes = v.map((x) => {
      if (typeof x !== 'bigint') throw new BuiltinError(`cannot use value as int`);
      if (x < 0n || x > 255n) throw new BuiltinError(`invalid IP byte value ${x}`);
      return Number(x);
    });
    const a = ip.addrFromBytes(bytes);
    if (!a) throw new BuiltinError(`invalid IP length ${bytes.length}`);
    return a;
  }
  throw new BuiltinError(`invalid type ${plainKindName(v ?? null)} for IP address`);
}

function getPrefix(v: PlainValue | undefined): ip.Prefix {
  if (typeof v === 'string') return guard(() => ip.parsePrefix(v));
  if (v instanceof Uint8Array) return guard(() => ip.parsePrefix(utf8Decode(v)));
  throw new BuiltinError(`invalid type ${plainKindName(v ?? null)} for IP CIDR`);
}

function ipCheck(doc: string, f: (a: ip.Addr) => boolean): BuiltinFunc {
  return { params: ['top'], result: 'bool', doc, call: ([v]) => f(getIP(v)) };
}

const list = (a: ip.Addr): PlainValue => a.bytes.map((b) => BigInt(b));

function add(a: ip.Addr, offset: bigint): ip.Addr {
  const v = ip.toBigInt(a) + offset;
  if (v < 0n) throw new BuiltinError('IP address arithmetic resulted in out-of-range address (underflow)');
  if (v >= 1n << BigInt(a.bytes.length * 8)) throw new BuiltinError('IP address arithmetic resulted in out-of-range address (overflow)');
  return ip.fromBigInt(v, a.bytes.length);
}

function isFQDN(s: string): boolean {
  if (/[^\x00-\x7f]/.test(s)) return false;
  const t = s.endsWith('.') ? s.slice(0, -1) : s;
  if (t === '' || t.length > 253) return false;
  return t.split('.').every((l) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l));
}

/** Go's net.SplitHostPort. */
function splitHostPort(hostport: string): [string, string] {
  const missing = () => new BuiltinError(`address ${hostport}: missing port in address`);
  const tooMany = () => new BuiltinError(`address ${hostport}: too many colons in address`);
  const i = hostport.lastIndexOf(':');
  if (i < 0) throw missing();
  let host: string;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) throw new BuiltinError(`address ${hostport}: missing ']' in address`);
    if (end + 1 === hostport.length) throw missing();
    if (end + 1 !== i) throw hostport[end + 1] === ':' ? tooMany() : missing();
    host = hostport.slice(1, end);
    if (hostport.slice(end + 1).includes('[')) throw new BuiltinError(`address ${hostport}: unexpected '[' in address`);
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) throw tooMany();
    if (host.includes('[') || host.includes(']')) throw new BuiltinError(`address ${hostport}: unexpected '[' in address`);
  }
  const port = hostport.slice(i + 1);
  if (port.includes(']')) throw new BuiltinError(`address ${hostport}: unexpected ']' in address`);
  return [host, port];
}

const hexUpper = (b: number) => '%' + b.toString(16).toUpperCase().padStart(2, '0');

function escape(s: string, keep: (c: number) => boolean, spacePlus: boolean): string {
  let out = '';
  for (const b of utf8Encode(s)) {
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || '-_.~'.includes(String.fromCharCode(b))) out += String.fromCharCode(b);
    else if (spacePlus && b === 0x20) out += '+';
    else if (keep(b)) out += String.fromCharCode(b);
    else out += hexUpper(b);
  }
  return out;
}

function unescape(s: string, plusSpace: boolean): string {
  const bytes: number[] = [];
  const src = utf8Encode(s);
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25) {
      const h = String.fromCharCode(src[i + 1] ?? 0, src[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) {
        const shown = utf8Decode(src.subarray(i, Math.min(i + 3, src.length)));
        throw new BuiltinError(`invalid URL escape ${JSON.stringify(shown)}`);
      }
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (plusSpace && b === 0x2b) bytes.push(0x20);
    else bytes.push(b);
  }
  return utf8Decode(Uint8Array.from(bytes));
}

/** A subset of Go's url.Parse checks: control characters, bad escapes, bad ports, a colon in the first path segment. */
function parseURL(s: string): { scheme: string } {
  const err = (msg: string) => new BuiltinError(`parse ${JSON.stringify(s)}: ${msg}`);
  if (/[\x00-\x1f\x7f]/.test(s)) throw err('net/url: invalid control character in URL');
  const noFrag = s.split('#')[0]!;
  let rest = noFrag;
  let scheme = '';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1]!;
    rest = rest.slice(m[0].length);
  } else if (/^[0-9+.-][^/]*:/.test(rest) && !rest.startsWith('/')) {
    if (/^[^/?]*:/.test(rest) && rest[0] !== '.') throw err('first path segment in URL cannot contain colon');
  } else if (rest.startsWith(':')) throw err('missing protocol scheme');
  const bad = /%(?![0-9a-fA-F]{2})/.exec(noFrag.split('?')[0]!);
  if (bad) throw err(`invalid URL escape ${JSON.stringify(noFrag.split('?')[0]!.slice(bad.index, bad.index + 3))}`);
  if (!scheme && /^[^/?]*:/.test(rest)) throw err('first path segment in URL cannot contain colon');
  if (rest.startsWith('//')) {
    const authority = rest.slice(2).split(/[/?]/)[0]!;
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    const pm = /^(\[[^\]]*\]|[^:]*)(:(.*))?$/.exec(host);
    if (pm && pm[3] !== undefined && !/^\d*$/.test(pm[3])) throw err(`invalid port ${JSON.stringify(':' + pm[3])} after host`);
  }
  return { scheme };
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'net',
    consts: { IPv4len: 4n, IPv6len: 16n },
    funcs: {
      SplitHostPort: {
        params: ['string'],
        result: 'list',
        doc: 'splits "host:port" or "[host]:port" into [host, port]',
        call: ([s]) => splitHostPort(str(s)),
      },
      JoinHostPort: {
        params: ['top', 'top'],
        result: 'string',
        doc: 'joins a host (or IP) and a port (string or int) as "host:port" ("[host]:port" for IPv6)',
        call: ([host, port]) => {
          const h = Array.isArray(host) ? ip.addrString(getIP(host)) : typeof host === 'string' ? host : str(host);
          const p = typeof port === 'bigint' ? port.toString() : str(port);
          return h.includes(':') ? `[${h}]:${p}` : `${h}:${p}`;
        },
      },
      FQDN: { params: ['string'], result: 'bool', doc: 'whether s is a valid fully qualified domain name', call: ([s]) => isFQDN(str(s)) },
      ParseIP: {
        params: ['string'],
        result: 'list',
        doc: 'the bytes of an IP address (4 for IPv4, 16 for IPv6)',
        call: ([s]) => {
          try {
            return list(ip.parseAddr(str(s)));
          } catch {
            throw new BuiltinError(`invalid IP address ${JSON.stringify(str(s))}`);
          }
        },
      },
      IPv4: ipCheck('validates an IPv4 address', (a) => a.bytes.length === 4),
      IPv6: ipCheck('validates an IPv6 address', (a) => a.bytes.length === 16),
      IP: ipCheck('validates an IP address (v4 or v6)', () => true),
      IPCIDR: { params: ['top'], result: 'bool', doc: 'validates an IP prefix in CIDR notation ("10.0.0.0/8")', call: ([v]) => (getPrefix(v), true) },
      LoopbackIP: ipCheck('whether the IP is a loopback address', ip.isLoopback),
      MulticastIP: ipCheck('whether the IP is a multicast address', ip.isMulticast),
      InterfaceLocalMulticastIP: ipCheck('whether the IP is an interface-local multicast address', ip.isInterfaceLocalMulticast),
      LinkLocalMulticastIP: ipCheck('whether the IP is a link-local multicast address', ip.isLinkLocalMulticast),
      LinkLocalUnicastIP: ipCheck('whether the IP is a link-local unicast address', ip.isLinkLocalUnicast),
      GlobalUnicastIP: ipCheck('whether the IP is a global unicast address', ip.isGlobalUnicast),
      UnspecifiedIP: ipCheck('whether the IP is the unspecified address (0.0.0.0 or ::)', ip.isUnspecified),
      ToIP4: {
        params: ['top'],
        result: 'list',
        doc: 'the 4 bytes of an IPv4 address',
        call: ([v]) => {
          const a = getIP(v);
          if (a.bytes.length !== 4) throw new BuiltinError(`cannot convert ${JSON.stringify(ip.addrString(a))} to IPv4`);
          return list(a);
        },
      },
      ToIP16: {
        params: ['top'],
        result: 'list',
        doc: 'the 16 bytes of an IP address (IPv4 mapped into IPv6)',
        call: ([v]) => {
          const a = getIP(v);
          return list(a.bytes.length === 16 ? a : { bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...a.bytes], zone: '' });
        },
      },
      IPString: { params: ['top'], result: 'string', doc: 'the text of an IP address', call: ([v]) => ip.addrString(getIP(v)) },
      AddIP: {
        params: ['top', 'int'],
        result: 'string',
        doc: 'the IP address (or CIDR prefix address) plus offset',
        call: ([v, off]) => {
          if (typeof v === 'string' && v.includes('/')) {
            const p = getPrefix(v);
            return `${ip.addrString(add(p.addr, int(off)))}/${p.bits}`;
          }
          return ip.addrString(add(getIP(v), int(off)));
        },
      },
      AddIPCIDR: {
        params: ['top', 'int'],
        result: 'string',
        doc: 'the CIDR prefix moved by offset prefixes of its own size',
        call: ([v, off]) => {
          const p = getPrefix(v);
          const shifted = int(off) << BigInt(p.addr.bytes.length * 8 - p.bits);
          return `${ip.addrString(add(p.addr, shifted))}/${p.bits}`;
        },
      },
      ParseCIDR: {
        params: ['string'],
        result: 'struct',
        doc: 'the parts of a CIDR prefix: prefix_mask, prefix_len, prefix_addr and (IPv4) broadcast_addr',
        call: ([s]) => {
          const p = getPrefix(str(s));
          const size = p.addr.bytes.length;
          const mask = Array.from({ length: size }, (_, i) => (0xff << (8 - Math.max(0, Math.min(8, p.bits - 8 * i)))) & 0xff);
          const net = ip.masked(p);
          const entries: [string, PlainValue][] = [
            ['prefix_mask', ip.addrString({ bytes: mask, zone: '' })],
            ['prefix_len', BigInt(p.bits)],
            ['prefix_addr', ip.addrString(net)],
          ];
          if (size === 4) entries.push(['broadcast_addr', ip.addrString({ bytes: net.bytes.map((b, i) => b | (~mask[i]! & 0xff)), zone: '' })]);
          return makeStruct(entries);
        },
      },
      InCIDR: {
        params: ['top', 'top'],
        result: 'bool',
        doc: 'whether the IP address is within the CIDR prefix',
        call: ([a, c]) => ip.contains(getPrefix(c), getIP(a)),
      },
      CompareIP: {
        params: ['top', 'top'],
        result: 'int',
        doc: 'compares two IP addresses: -1, 0 or 1 (IPv4 before IPv6)',
        call: ([a, b]) => BigInt(ip.compareAddr(getIP(a), getIP(b))),
      },
      PathEscape: {
        params: ['string'],
        result: 'string',
        doc: 'escapes s for use as a URL path segment',
        call: ([s]) => escape(str(s), (b) => '$&+:=@'.includes(String.fromCharCode(b)), false),
      },
      PathUnescape: { params: ['string'], result: 'string', doc: 'undoes PathEscape (%XX escapes)', call: ([s]) => unescape(str(s), false) },
      QueryEscape: { params: ['string'], result: 'string', doc: 'escapes s for use in a URL query (space as +)', call: ([s]) => escape(str(s), () => false, true) },
      QueryUnescape: { params: ['string'], result: 'string', doc: 'undoes QueryEscape (%XX escapes, + as space)', call: ([s]) => unescape(str(s), true) },
      URL: { params: ['string'], result: 'bool', doc: 'validates a URL (absolute or relative), as Go\'s url.Parse', call: ([s]) => (parseURL(str(s)), true) },
      AbsURL: {
        params: ['string'],
        result: 'bool',
        doc: 'validates an absolute URL (one with a scheme)',
        call: ([s]) => {
          if (parseURL(str(s)).scheme === '') throw new BuiltinError('URL is not absolute');
          return true;
        },
      },
    },
  };
}

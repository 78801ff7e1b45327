/**
 * Go's time layouts ("2006-01-02T15:04:05Z07:00") and durations ("1h30m"), for the time
 * package. A time is seconds since the Unix epoch, nanoseconds and a zone offset; calendar
 * arithmetic uses Date.UTC (years 0 to 9999 as Go prints them).
 */

export interface GoTime {
  sec: number; // Unix seconds (UTC)
  nsec: number; // 0..999999999
  offset: number; // zone offset in seconds east of UTC
  zone: string; // abbreviation, '' for a numeric offset
}

export class TimeParseError extends Error {}

const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const longMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Chunk =
  | 'January' | 'Jan' | '1' | '01' | 'Monday' | 'Mon' | '2' | '_2' | '02' | '__2' | '002' | '15' | '3' | '03' | '4' | '04' | '5' | '05'
  | '2006' | '06' | 'PM' | 'pm' | 'MST' | 'Z0700' | 'Z070000' | 'Z07' | 'Z07:00' | 'Z07:00:00' | '-0700' | '-070000' | '-07' | '-07:00' | '-07:00:00'
  | { frac: number; trim: boolean; sep: string };

const stdChunks: Chunk[] = [
  'January', 'Jan', 'Monday', 'Mon', 'MST', '2006', '002', '__2', '_2', '01', '02', '03', '04', '05', '06', '15',
  'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07', '-07:00:00', '-070000', '-07:00', '-0700', '-07', 'PM', 'pm', '1', '2', '3', '4', '5',
] as Chunk[];

/** Splits a layout into literal text and std chunks, as Go's nextStdChunk does. */
export function tokenizeLayout(layout: string): (string | Chunk)[] {
  const out: (string | Chunk)[] = [];
  let lit = '';
  let i = 0;
  outer: while (i < layout.length) {
    // Fractional seconds: .000 / .999 / ,000 after a digit chunk boundary.
    const c = layout[i]!;
    if ((c === '.' || c === ',') && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
      const d = layout[i + 1]!;
      let j = i + 1;
      while (layout[j] === d) j++;
      if (!/[0-9]/.test(layout[j] ?? '')) {
        if (lit) out.push(lit), (lit = '');
        out.push({ frac: j - i - 1, trim: d === '9', sep: c });
        i = j;
        continue;
      }
    }
    for (const ch of stdChunks) {
      const s = ch as string;
      if (layout.startsWith(s, i)) {
        // "Jan" must not be the start of "January" handled above; Mon/Monday likewise (ordered).
        if ((s === 'Mon' && layout.startsWith('Month', i)) || (s === 'Jan' && /^[a-z]/.test(layout[i + 3] ?? ''))) break;
        if (s === 'Mon' && /^[a-z]/.test(layout[i + 3] ?? '') && !layout.startsWith('Monday', i)) break;
        if (lit) out.push(lit), (lit = '');
        out.push(ch);
        i += s.length;
        continue outer;
      }
    }
    lit += c;
    i++;
  }
  if (lit) out.push(lit);
  return out;
}

function pad(n: number, w: number, ch = '0'): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + s.padStart(w, ch);
}

function fields(t: GoTime) {
  const local = (t.sec + t.offset) * 1000;
  const d = new Date(local);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    yday: Math.floor((local - start) / 86400000) + 1,
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
  };
}

function formatOffset(offset: number, chunk: string): string {
  if (chunk.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor(a / 60) % 60, 2);
  const ss = pad(a % 60, 2);
  const body = chunk.replace(/^Z/, '-');
  switch (body) {
    case '-07': return sign + hh;
    case '-0700': return sign + hh + mm;
    case '-07:00': return sign + hh + ':' + mm;
    case '-070000': return sign + hh + mm + ss;
    default: return sign + hh + ':' + mm + ':' + ss;
  }
}

export function formatTime(t: GoTime, layout: string): string {
  const f = fields(t);
  let out = '';
  for (const tok of tokenizeLayout(layout)) {
    if (typeof tok === 'object') {
      let digits = pad(t.nsec, 9).slice(0, tok.frac);
      if (tok.trim) digits = digits.replace(/0+$/, '');
      if (digits) out += tok.sep + digits;
      continue;
    }
    switch (tok) {
      case 'January': out += longMonths[f.month - 1]; break;
      case 'Jan': out += longMonths[f.month - 1]!.slice(0, 3); break;
      case '1': out += f.month; break;
      case '01': out += pad(f.month, 2); break;
      case 'Monday': out += longDays[f.weekday]; break;
      case 'Mon': out += longDays[f.weekday]!.slice(0, 3); break;
      case '2': out += f.day; break;
      case '_2': out += pad(f.day, 2, ' '); break;
      case '02': out += pad(f.day, 2); break;
      case '__2': out += pad(f.yday, 3, ' '); break;
      case '002': out += pad(f.yday, 3); break;
      case '15': out += pad(f.hour, 2); break;
      case '3': out += f.hour % 12 === 0 ? 12 : f.hour % 12; break;
      case '03': out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2); break;
      case '4': out += f.min; break;
      case '04': out += pad(f.min, 2); break;
      case '5': out += f.sec; break;
      case '05': out += pad(f.sec, 2); break;
      case '2006': out += pad(f.year, 4); break;
      case '06': out += pad(f.year % 100, 2); break;
      case 'PM': out += f.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += f.hour >= 12 ? 'pm' : 'am'; break;
      case 'MST':
        if (t.zone) out += t.zone;
        else out += t.offset === 0 ? 'UTC' : formatOffset(t.offset, '-07').replace(/^([+-]\d\d)$/, '$1');
        break;
      default:
        if (typeof tok === 'string' && /^[Z-]07/.test(tok)) out += formatOffset(t.offset, tok);
        else out += tok;
    }
  }
  return out;
}

const quote = (s: string) => JSON.stringify(s);

/** Parses `value` with a Go layout; a missing zone means UTC. */
export function parseTime(layout: string, value: string): GoTime {
  const fail = (elem: string, rest: string): never => {
    throw new TimeParseError(`parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(rest)} as ${quote(elem)}`);
  };
  let v = value;
  let year = 0, month = 1, day = 1, hour = 0, min = 0, sec = 0, nsec = 0, yday = -1;
  let pm: boolean | undefined;
  let offset: number | undefined;
  let zone = '';
  const num = (elem: string, min: number, max: number, fixed: boolean): number => {
    const m = (fixed ? new RegExp(`^\\d{${max}}`) : new RegExp(`^\\d{${min},${max}}`)).exec(v);
    if (!m) return fail(elem, v);
    v = v.slice(m[0].length);
    return Number(m[0]);
  };
  const tokens = tokenizeLayout(layout);
  for (let ti = 0; ti < tokens.length; ti++) {
    const tok = tokens[ti]!;
    if (typeof tok === 'object') {
      const m = new RegExp(`^[.,](\\d{${tok.trim ? '1,9' : tok.frac}})`).exec(v);
      if (!m) {
        if (tok.trim) continue;
        return fail(tok.sep + '0'.repeat(tok.frac), v);
      }
      nsec = Number(m[1]!.padEnd(9, '0'));
      v = v.slice(m[0].length);
      continue;
    }
    switch (tok) {
      case 'January':
      case 'Jan': {
        const names = tok === 'January' ? longMonths : longMonths.map((n) => n.slice(0, 3));
        const i = names.findIndex((n) => v.toLowerCase().startsWith(n.toLowerCase()));
        if (i < 0) return fail(tok, v);
        month = i + 1;
        v = v.slice(names[i]!.length);
        break;
      }
      case 'Monday':
      case 'Mon': {
        const names = tok === 'Monday' ? longDays : longDays.map((n) => n.slice(0, 3));
        const i = names.findIndex((n) => v.toLowerCase().startsWith(n.toLowerCase()));
        if (i < 0) return fail(tok, v);
        v = v.slice(names[i]!.length);
        break;
      }
      case '1': month = num(tok, 1, 2, false); break;
      case '01': month = num(tok, 2, 2, true); break;
      case '2': day = num(tok, 1, 2, false); break;
      case '_2': if (v.startsWith(' ')) v = v.slice(1); day = num(tok, 1, 2, false); break;
      case '02': day = num(tok, 2, 2, true); break;
      case '__2': v = v.replace(/^ {1,2}/, ''); yday = num(tok, 1, 3, false); break;
      case '002': yday = num(tok, 3, 3, true); break;
      case '15': hour = num(tok, 1, 2, false); break;
      case '3': hour = num(tok, 1, 2, false); break;
      case '03': hour = num(tok, 2, 2, true); break;
      case '4': min = num(tok, 1, 2, false); break;
      case '04': min = num(tok, 2, 2, true); break;
      case '5': case '05': {
        sec = tok === '5' ? num(tok, 1, 2, false) : num(tok, 2, 2, true);
        // Go accepts fractional seconds after seconds even if the layout has none.
        const next = tokens[ti + 1];
        if (!(typeof next === 'object') && /^[.,]\d/.test(v)) {
          const m = /^[.,](\d{1,9})/.exec(v)!;
          nsec = Number(m[1]!.padEnd(9, '0'));
          v = v.slice(m[0].length);
        }
        break;
      }
      case '2006': year = num(tok, 4, 4, true); break;
      case '06': { const y = num(tok, 2, 2, true); year = y >= 69 ? 1900 + y : 2000 + y; break; }
      case 'PM': case 'pm': {
        const m = /^(AM|PM|am|pm)/.exec(v);
        if (!m) return fail(tok, v);
        pm = m[1]!.toUpperCase() === 'PM';
        v = v.slice(2);
        break;
      }
      case 'MST': {
        const m = /^(UTC|GMT([+-]\d{1,2})?|[A-Z]{3,5}|[+-]\d\d)/.exec(v);
        if (!m) return fail(tok, v);
        zone = m[1]!;
        if (offset === undefined) offset = 0;
        v = v.slice(m[0].length);
        break;
      }
      default:
        if (typeof tok === 'string' && /^[Z-]07/.test(tok)) {
          if (tok.startsWith('Z') && v.startsWith('Z')) {
            offset = 0;
            v = v.slice(1);
            break;
          }
          const shape = tok.replace(/^Z/, '-');
          const re = { '-07': /^([+-])(\d\d)/, '-0700': /^([+-])(\d\d)(\d\d)/, '-07:00': /^([+-])(\d\d):(\d\d)/, '-070000': /^([+-])(\d\d)(\d\d)(\d\d)/, '-07:00:00': /^([+-])(\d\d):(\d\d):(\d\d)/ }[shape]!;
          const m = re.exec(v);
          if (!m) return fail(tok, v);
          offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
          v = v.slice(m[0].length);
        } else {
          if (!v.startsWith(tok as string)) return fail(tok as string, v);
          v = v.slice((tok as string).length);
        }
    }
  }
  if (v.length > 0) throw new TimeParseError(`parsing time ${quote(value)}: extra text: ${quote(v)}`);
  if (pm !== undefined) {
    if (hour > 12) throw new TimeParseError(`parsing time ${quote(value)}: hour out of range`);
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  if (yday >= 0) {
    const d = new Date(Date.UTC(year, 0, yday));
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  }
  const range = (what: string) => {
    throw new TimeParseError(`parsing time ${quote(value)}: ${what} out of range`);
  };
  if (month < 1 || month > 12) range('month');
  const daysIn = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysIn) range('day');
  if (hour > 23) range('hour');
  if (min > 59) range('minute');
  if (sec > 59) range('second');
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, 0);
  const off = offset ?? 0;
  return { sec: d.getTime() / 1000 - off, nsec, offset: off, zone: zone === 'UTC' ? '' : zone };
}

// ------------------------------------------------------------------------------------------
// Durations

const units: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, μs: 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };

export class DurationError extends Error {}

/** Go's time.ParseDuration: nanoseconds. */
export function parseDuration(s: string): bigint {
  const orig = JSON.stringify(s);
  let t = s;
  let neg = false;
  if (t[0] === '-' || t[0] === '+') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  if (t === '0') return 0n;
  if (t === '') throw new DurationError(`time: invalid duration ${orig}`);
  let total = 0n;
  while (t !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(t)!;
    if (m[0] === '' || m[0] === '.') throw new DurationError(`time: invalid duration ${orig}`);
    t = t.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(t)![0];
    if (u === '') throw new DurationError(`time: missing unit in duration ${orig}`);
    const mult = units[u];
    if (mult === undefined) throw new DurationError(`time: unknown unit ${JSON.stringify(u)} in duration ${orig}`);
    t = t.slice(u.length);
    const whole = BigInt(m[1] || '0');
    const frac = m[2] ?? '';
    let v = whole * mult;
    if (frac !== '') v += (BigInt(frac) * mult) / 10n ** BigInt(frac.length);
    total += v;
    if (total > 9223372036854775807n) throw new DurationError(`time: invalid duration ${orig}`);
  }
  return neg ? -total : total;
}

/** Go's Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function formatDuration(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  const fracText = (v: bigint, digits: number) => {
    const s = v.toString().padStart(digits, '0').replace(/0+$/, '');
    return s ? '.' + s : '';
  };
  let out: string;
  if (u < 1000000000n) {
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1000000n) out = `${u / 1000n}${fracText(u % 1000n, 3)}µs`;
    else out = `${u / 1000000n}${fracText(u % 1000000n, 6)}ms`;
  } else {
    const secs = u / 1000000000n;
    const frac = fracText(u % 1000000000n, 9);
    const h = secs / 3600n;
    const m = (secs / 60n) % 60n;
    const s = secs % 60n;
    out = `${s}${frac}s`;
    if (h > 0n) out = `${h}h${m}m${out}`;
    else if (m > 0n) out = `${m}m${out}`;
  }
  void u;
  return (neg ? '-' : '') + out;
}

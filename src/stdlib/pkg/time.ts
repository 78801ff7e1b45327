/** Package `time`: Go's layouts and durations over RFC 3339 strings and nanosecond ints. */
import { BuiltinError, type BuiltinPackage } from '../../plain/builtin.js';
import { int, makeStruct, str } from '../internal/args.js';
import { DurationError, formatDuration, formatTime, parseDuration, parseTime, TimeParseError, type GoTime } from '../internal/go-time.js';

const RFC3339Nano = '2006-01-02T15:04:05.999999999Z07:00';

function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TimeParseError || e instanceof DurationError) throw new BuiltinError(e.message);
    throw e;
  }
}

const utc = (t: GoTime): GoTime => ({ ...t, offset: 0, zone: '' });

export function createPackage(): BuiltinPackage {
  const layouts: Record<string, string> = {
    ANSIC: 'Mon Jan _2 15:04:05 2006',
    UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
    RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
    RFC822: '02 Jan 06 15:04 MST',
    RFC822Z: '02 Jan 06 15:04 -0700',
    RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
    RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
    RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
    RFC3339: '2006-01-02T15:04:05Z07:00',
    RFC3339Nano,
    RFC3339Date: '2006-01-02',
    Kitchen: '3:04PM',
    Kitchen24: '15:04',
  };
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  return {
    path: 'time',
    consts: {
      Nanosecond: 1n,
      Microsecond: 1000n,
      Millisecond: 1000000n,
      Second: 1000000000n,
      Minute: 60000000000n,
      Hour: 3600000000000n,
      ...layouts,
      ...Object.fromEntries(months.map((m, i) => [m, BigInt(i + 1)])),
      ...Object.fromEntries(days.map((d, i) => [d, BigInt(i)])),
    },
    funcs: {
      Duration: {
        params: ['string'],
        result: 'bool',
        doc: 'validates a Go duration string such as "1h30m" or "-1.5s"',
        call: ([s]) => guard(() => (parseDuration(str(s)), true)),
      },
      FormatDuration: {
        params: ['int'],
        result: 'string',
        doc: 'a duration in nanoseconds as Go prints it ("1h30m0s")',
        call: ([d]) => formatDuration(int(d)),
      },
      ParseDuration: {
        params: ['string'],
        result: 'int',
        doc: 'the nanoseconds of a Go duration string',
        call: ([s]) => guard(() => parseDuration(str(s))),
      },
      Time: {
        params: ['string'],
        result: 'bool',
        doc: 'validates an RFC 3339 time (fractional seconds allowed)',
        call: ([s]) => {
          const v = str(s);
          try {
            parseTime(RFC3339Nano, v);
            return true;
          } catch (e) {
            if (e instanceof TimeParseError) throw new BuiltinError(`invalid time ${JSON.stringify(v)}`);
            throw e;
          }
        },
      },
      Format: {
        params: ['string', 'string'],
        result: 'bool',
        doc: 'validates that a time string has the given Go layout',
        call: ([s, layout]) => {
          const v = str(s);
          try {
            parseTime(str(layout), v);
            return true;
          } catch (e) {
            if (e instanceof TimeParseError) throw new BuiltinError(`invalid time ${JSON.stringify(v)}`);
            throw e;
          }
        },
      },
      FormatString: {
        params: ['string', 'string'],
        result: 'string',
        doc: 'an RFC 3339 time formatted with a Go layout',
        call: ([layout, value]) => guard(() => formatTime(parseTime(RFC3339Nano, str(value)), str(layout))),
      },
      Parse: {
        params: ['string', 'string'],
        result: 'string',
        doc: 'a time in a Go layout, as an RFC 3339 UTC time',
        call: ([layout, value]) => guard(() => formatTime(utc(parseTime(str(layout), str(value))), RFC3339Nano)),
      },
      Unix: {
        params: ['int', 'int'],
        result: 'string',
        doc: 'the RFC 3339 UTC time of sec seconds and nsec nanoseconds since 1970',
        call: ([sec, nsec]) => {
          let s = int(sec);
          let n = int(nsec);
          s += n / 1000000000n;
          n %= 1000000000n;
          if (n < 0n) {
            n += 1000000000n;
            s -= 1n;
          }
          if (s > 253402300799n || s < -62135596800n) throw new BuiltinError('time out of the range of years 0001 to 9999');
          return formatTime({ sec: Number(s), nsec: Number(n), offset: 0, zone: '' }, RFC3339Nano);
        },
      },
      ToUnix: {
        params: ['string'],
        result: 'int',
        doc: 'the seconds since 1970 of an RFC 3339 time',
        call: ([v]) => guard(() => BigInt(parseTime(RFC3339Nano, str(v)).sec)),
      },
      ToUnixNano: {
        params: ['string'],
        result: 'int',
        doc: 'the nanoseconds since 1970 of an RFC 3339 time',
        call: ([v]) =>
          guard(() => {
            const t = parseTime(RFC3339Nano, str(v));
            return BigInt(t.sec) * 1000000000n + BigInt(t.nsec);
          }),
      },
      Split: {
        params: ['string'],
        result: 'struct',
        doc: 'the parts of an RFC 3339 time: year, month, day, hour, minute, second, nanosecond',
        call: ([v]) =>
          guard(() => {
            const t = parseTime(RFC3339Nano, str(v));
            const parts = formatTime(t, '2006 1 2 15 4 5').split(' ').map((x) => BigInt(x));
            const names = ['year', 'month', 'day', 'hour', 'minute', 'second'];
            return makeStruct([...names.map((n, i) => [n, parts[i]!] as [string, bigint]), ['nanosecond', BigInt(t.nsec)]]);
          }),
      },
    },
  };
}

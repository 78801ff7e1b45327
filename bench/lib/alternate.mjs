// Whole-process timing of several commands on the same input, run alternately (a, b, a, b,
// ... with the order swapped every round) so that a change in the machine's load falls on
// every engine alike. Each run goes through `/usr/bin/time -f '%M %U %S'`, which gives every
// engine the same peak-RSS measurement (the child's maximum resident set), its CPU time (user +
// system, all threads; in steps of 10 ms, so read means over many runs) and the same overhead.
// On a shared machine CPU time moves far less with the load than wall time does.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const timeBin = '/usr/bin/time';
const rssMark = '__bench_rss_kib=';

/**
 * commands: { name: { cmd, args } }. Returns { name: { times (sorted ms), cpu (sorted ms),
 * peakRssKiB, status, stdout, stderr } }; cpu is empty and peakRssKiB undefined when
 * /usr/bin/time is missing.
 */
export function alternate(ctx, commands, { runs = 7, warmup = 1, timeoutMs = 180_000 } = {}) {
  const withTime = existsSync(timeBin);
  const names = Object.keys(commands);
  const out = Object.fromEntries(names.map((n) => [n, { times: [], cpu: [], peakRssKiB: undefined, status: undefined, stdout: '', stderr: '' }]));
  const once = (name, record) => {
    const { cmd, args } = commands[name];
    const argv = withTime ? [timeBin, ['-f', `${rssMark}%M %U %S`, cmd, ...args]] : [cmd, args];
    const t0 = performance.now();
    const r = spawnSync(argv[0], argv[1], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs, cwd: ctx.root });
    const ms = performance.now() - t0;
    if (!record) return;
    const o = out[name];
    o.times.push(ms);
    const stderr = r.stderr ?? '';
    const hit = new RegExp(`${rssMark}(\\d+) ([\\d.]+) ([\\d.]+)`).exec(stderr);
    if (hit) {
      o.peakRssKiB = Math.max(o.peakRssKiB ?? 0, Number(hit[1]));
      o.cpu.push((Number(hit[2]) + Number(hit[3])) * 1000);
    }
    o.status = r.error ? r.error.message : r.status;
    o.stdout = r.stdout ?? '';
    o.stderr = stderr.replace(new RegExp(`\\n?${rssMark}[\\d. ]+\\n?`), '').trim();
  };
  for (let i = 0; i < warmup; i++) for (const n of names) once(n, false);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? names : [...names].reverse();
    for (const n of order) once(n, true);
  }
  for (const n of names) {
    out[n].times.sort((a, b) => a - b);
    out[n].cpu.sort((a, b) => a - b);
  }
  return out;
}

// Preloaded with `node --import` into a whole-process run (the CLI): on exit, report the
// process's peak resident set size on stderr, as one marker line the harness strips.
process.on('exit', () => {
  process.stderr.write(`\n__bench_peak_rss_kib=${process.resourceUsage().maxRSS}\n`);
});

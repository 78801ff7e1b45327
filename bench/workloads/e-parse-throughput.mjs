// (e) Parser throughput: parse a generated ~1 MB CUE file (KubeVela-style definitions:
// schemas with defaults and bounds, comprehensions, interpolations, comments) with the built
// library, after a warm-up. Also: the cold cost of importing the syntax module and building
// the parser, measured in a fresh process.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = '(e) parse';

/** A deterministic ~`bytes`-byte CUE file. */
export function generate(bytes) {
  const parts = ['package bench\n\nimport (\n\t"strings"\n\t"list"\n)\n\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const p = `// Component ${i} renders a Deployment.
#Component${i}: {
	name:     string & =~"^[a-z][a-z0-9-]*$"
	image:    string
	replicas: *1 | int & >=0 & <=100
	labels: [string]: string
	ports: [...{
		port:     int & >0 & <65536
		protocol: *"TCP" | "UDP" // default TCP
	}]
	env?: [...{name: string, value: string}]
	limits: cpu: *"500m" | string
	memory: *1Gi | int
	...
}

app${i}: #Component${i} & {
	name:  "app-\\(${i})"
	image: "registry.example.com/app:v1.\\(${i % 7})"
	labels: {
		app:            name
		"tier-${i % 5}": "backend"
	}
	ports: [{port: 80}, {port: 443, protocol: "TCP"}]
	if replicas > 2 {
		hpa: enabled: true
	}
	for k, v in labels {
		"label-\\(k)": strings.ToUpper(v)
	}
	let total = list.Sum([for p in ports {p.port}])
	summary: """
		\\(name) exposes \\(len(ports)) ports (sum \\(total))
		"""
	ratio: 0.75 * 1.5e2
	mask:  0xFF_FF & 0b1010
	ok:    name != _|_ && !(replicas < 0) || false
}
`;
    parts.push(p);
    size += p.length;
  }
  return parts.join('');
}

export async function run({ distLib, time, median }) {
  const syntaxUrl = pathToFileURL(path.join(distLib, 'syntax/index.js')).href;
  const sourceUrl = pathToFileURL(path.join(distLib, 'source/index.js')).href;

  // Cold start in a fresh process: import the module, then build the parser.
  const script = `
    const t0 = performance.now();
    const m = await import(${JSON.stringify(syntaxUrl)});
    const t1 = performance.now();
    m.getParser();
    const t2 = performance.now();
    console.log(JSON.stringify({ importMs: t1 - t0, buildMs: t2 - t1 }));`;
  const colds = [];
  for (let i = 0; i < 3; i++) {
    colds.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
  }
  const importMs = median(colds.map((c) => c.importMs).sort((a, b) => a - b));
  const buildMs = median(colds.map((c) => c.buildMs).sort((a, b) => a - b));

  const { parseFile } = await import(syntaxUrl);
  const { Source } = await import(sourceUrl);
  const text = generate(1_000_000);
  const mb = Buffer.byteLength(text) / 1e6;
  const check = parseFile(new Source('bench.cue', text));
  if (check.errors.length > 0) throw new Error('generated file does not parse: ' + check.errors[0].format());
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const cpuMs = [];
  const ms = await time(
    () => {
      const c0 = cpu();
      parseFile(new Source('bench.cue', text));
      cpuMs.push(cpu() - c0);
    },
    { runs: 7, warmup: 2 },
  );
  // CPU time is steadier than wall time on a shared machine (it includes GC threads).
  const cpuMed = median(cpuMs.slice(2).sort((a, b) => a - b));
  const best = ms[0];
  const med = median(ms);
  return [
    { metric: 'import syntax module (cold)', value: importMs, unit: 'ms', note: 'fresh process, unbundled dist/lib' },
    { metric: 'build parser (cold)', value: buildMs, unit: 'ms', note: 'chevrotain self-analysis, once per process' },
    { metric: `parse ${mb.toFixed(2)} MB`, value: med, unit: 'ms', note: `median of ${ms.length}, best ${best.toFixed(0)} ms` },
    { metric: 'parse throughput', value: mb / (med / 1000), unit: 'MB/s', note: `${check.file.decls.length} declarations, wall time` },
    { metric: 'parse throughput (CPU time)', value: mb / (cpuMed / 1000), unit: 'MB/s', note: `median CPU ${cpuMed.toFixed(0)} ms per parse` },
  ];
}

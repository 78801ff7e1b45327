// (e) Parser throughput: parse a generated ~1 MB CUE file with the built library, after a
// warm-up. The file mixes what real configuration holds: KubeVela-style definitions (schemas
// with defaults and bounds, comprehensions, interpolations, comments) and, for each, the data
// they type (service instances: nested structs, shorthand fields, strings, lists, comments).
// Also, in fresh processes: the cold cost of importing the syntax module, building the
// parser, and the first parse (before the JIT has warmed up).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const name = '(e) parse';

/** A component definition (schema side). */
function definition(i) {
  return `// Component ${i} renders a Deployment.
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
}

/** Service instances (data side): the bulk of a real inventory. */
function instances(i) {
  const lines = [`services${i}: {`];
  for (let j = 0; j < 12; j++) {
    const n = i * 12 + j;
    if (j % 4 === 0) lines.push(`\t// Team ${n % 17} owns this one.`);
    lines.push(`\t"svc-${n}": {`);
    lines.push(`\t\timage:    "registry.example.com/team-${n % 17}/svc-${n}:v${1 + (n % 9)}.${n % 31}"`);
    lines.push(`\t\treplicas: ${1 + (n % 5)}`);
    lines.push(`\t\tlabels: {app: "svc-${n}", tier: "${['frontend', 'backend', 'data'][n % 3]}"}`);
    lines.push(`\t\tenv: LOG_LEVEL: value: "${['debug', 'info', 'warn'][n % 3]}"`);
    lines.push(`\t\tports: [${8000 + (n % 100)}, ${9000 + (n % 100)}]`);
    if (n % 3 === 0) lines.push(`\t\tresources: {cpu: "${100 + (n % 9) * 100}m", memory: "${128 * (1 + (n % 4))}Mi"}`);
    if (n % 4 === 1) lines.push(`\t\tpublic: true // exposed through the ingress`);
    lines.push('\t}');
  }
  lines.push('}\n');
  return lines.join('\n');
}

/** A deterministic ~`bytes`-byte CUE file. */
export function generate(bytes) {
  const parts = ['package bench\n\nimport (\n\t"strings"\n\t"list"\n)\n\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const p = definition(i) + '\n' + instances(i) + '\n';
    parts.push(p);
    size += p.length;
  }
  return parts.join('');
}

export async function run({ distLib, time, median }) {
  const syntaxUrl = pathToFileURL(path.join(distLib, 'syntax/index.js')).href;
  const sourceUrl = pathToFileURL(path.join(distLib, 'source/index.js')).href;

  // Cold start in a fresh process: import the module, build the parser, parse once (CPU time
  // of the first parse: before the JIT has warmed up, the cost a one-shot CLI run pays).
  const text = generate(1_000_000);
  const script = `
    const t0 = performance.now();
    const m = await import(${JSON.stringify(syntaxUrl)});
    const { Source } = await import(${JSON.stringify(sourceUrl)});
    const t1 = performance.now();
    m.getParser();
    const t2 = performance.now();
    const text = (await import('node:fs')).readFileSync(0, 'utf8');
    const c0 = process.cpuUsage();
    m.parseFile(new Source('bench.cue', text));
    const c1 = process.cpuUsage(c0);
    console.log(JSON.stringify({ importMs: t1 - t0, buildMs: t2 - t1, firstCpuMs: (c1.user + c1.system) / 1000 }));`;
  const colds = [];
  for (let i = 0; i < 3; i++) {
    colds.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', input: text })));
  }
  const importMs = median(colds.map((c) => c.importMs).sort((a, b) => a - b));
  const buildMs = median(colds.map((c) => c.buildMs).sort((a, b) => a - b));
  const firstCpuMs = median(colds.map((c) => c.firstCpuMs).sort((a, b) => a - b));

  const { parseFile } = await import(syntaxUrl);
  const { Source } = await import(sourceUrl);
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
    { metric: 'build parser (cold)', value: buildMs, unit: 'ms', note: 'grammar recording and LL(1) tables, once per process' },
    { metric: `first parse ${mb.toFixed(2)} MB (cold)`, value: firstCpuMs, unit: 'ms', note: 'CPU time, fresh process, before JIT warm-up' },
    { metric: `parse ${mb.toFixed(2)} MB`, value: med, unit: 'ms', note: `median of ${ms.length}, best ${best.toFixed(0)} ms` },
    { metric: 'parse throughput', value: mb / (med / 1000), unit: 'MB/s', note: `${check.file.decls.length} declarations, wall time` },
    { metric: 'parse throughput (CPU time)', value: mb / (cpuMed / 1000), unit: 'MB/s', note: `median CPU ${cpuMed.toFixed(0)} ms per parse` },
  ];
}

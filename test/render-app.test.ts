/**
 * Rendering Applications end to end (src/render): the README's example, the layer rules, and
 * the errors users meet, checked through the library API and the CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { main } from '../src/cli/main.js';
import { RenderError, render, renderComponent, loadDefinitions, loadPlatform, type RenderedManifest } from '../src/index.js';

const root = path.resolve(__dirname, '..');
const read = (p: string) => readFileSync(path.join(root, p), 'utf8');

function renderText(app: string, opts: Parameters<typeof render>[1] = {}): RenderedManifest[] {
  return render(app, { filename: 'app.yaml', ...opts });
}

function renderError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof RenderError) return e.format();
    throw e;
  }
  throw new Error('expected a RenderError');
}

const app = (components: string) => `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: shop
spec:
  components:
${components}`;

describe('examples/app.yaml with examples/platform.cue', () => {
  const objects = render(read('examples/app.yaml'), {
    filename: 'examples/app.yaml',
    platform: [{ name: 'examples/platform.cue', text: read('examples/platform.cue') }],
  });
  const byComponent = (c: string) => objects.filter((o) => o.component === c);
  const workload = (c: string) => byComponent(c).find((o) => o.role === 'workload')!.object as any;

  it('prints objects component by component: workload, outputs, trait outputs', () => {
    expect(objects.map((o) => `${o.component}/${o.trait ?? o.role}/${(o.object as any).kind}`)).toEqual([
      'frontend/workload/Deployment',
      'frontend/auxiliary/Service',
      'api/workload/Deployment',
      'api/storage/PersistentVolumeClaim',
      'api/expose/Service',
      'api/gateway/Ingress',
      'api/hpa/HorizontalPodAutoscaler',
      'orders/workload/Deployment',
    ]);
  });

  it('applies the traits in order on the workload', () => {
    const f = workload('frontend');
    expect(f.spec.replicas).toBe(3);
    expect(f.spec.template.metadata.annotations).toEqual({ owner: 'web-team' });
    expect(f.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['frontend', 'log-shipper']);
    expect(f.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'emptydir-logs', mountPath: '/var/log/nginx' }]);
    const api = workload('api');
    expect(api.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['DB_HOST', 'LOG_LEVEL', 'DB_PASSWORD']);
    expect(api.spec.template.spec.containers[0].env[0].value).toBe('postgres.shop.svc');
    expect(workload('orders').spec.replicas).toBe(2);
    expect(workload('orders').spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '0.5', memory: '512Mi' });
  });

  it('takes platform defaults where the user is silent, the user value elsewhere', () => {
    expect(workload('frontend').spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '250m', memory: '128Mi' });
    expect(workload('api').spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(workload('api').spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it("adds KubeVela's labels and the Application's namespace", () => {
    const f = workload('frontend');
    expect(Object.keys(f).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(f.metadata).toMatchObject({ name: 'frontend', namespace: 'shop' });
    expect(f.metadata.labels).toEqual({
      tier: 'frontend',
      'app.oam.dev/name': 'shop',
      'app.oam.dev/component': 'frontend',
      'app.oam.dev/appRevision': 'shop-v1',
      'workload.oam.dev/type': 'webservice',
    });
    const pvc = byComponent('api').find((o) => o.trait === 'storage')!.object as any;
    expect(pvc.metadata.labels['trait.oam.dev/type']).toBe('storage');
    expect(pvc.metadata.labels['trait.oam.dev/resource']).toBe('pvc-api-uploads');
    const svc = byComponent('frontend')[1]!.object as any;
    expect(svc.metadata.labels['trait.oam.dev/type']).toBe('AuxiliaryWorkload');
  });
});

describe('parameters', () => {
  it('rejects an unknown property with a close match, at its YAML position', () => {
    const text = app(`    - name: web
      type: webservice
      properties:
        image: nginx
        replicaz: 3
`);
    const msg = renderError(() => renderText(text));
    expect(msg).toContain('component "web" (webservice): parameter errors:');
    expect(msg).toContain('parameter.replicaz: field not allowed');
    expect(msg).toContain('./app.yaml:11:9');
    // KubeVela's default (and the flag) accepts it.
    expect(renderText(text, { allowUnknownProperties: true })).toHaveLength(1);
  });

  it('offers "did you mean" for a near-miss property', () => {
    const text = app(`    - name: web
      type: worker
      properties:
        image: nginx
        cpuu: "1"
`);
    expect(renderError(() => renderText(text))).toMatch(/parameter\.cpuu: field not allowed \(did you mean cpu\?\)/);
  });

  it('counts a transposed pair as one edit ("imgae" suggests image)', () => {
    const text = app(`    - name: web
      type: worker
      properties:
        imgae: nginx
`);
    expect(renderError(() => renderText(text))).toMatch(/parameter\.imgae: field not allowed \(did you mean image\?\)/);
  });

  it('checks nested structs and list elements, but not open levels', () => {
    const bad = app(`    - name: web
      type: webservice
      properties:
        image: nginx
        ports:
          - port: 80
            exposed: true
        labels:
          anything: goes
`);
    const msg = renderError(() => renderText(bad));
    expect(msg).toMatch(/parameter\.ports\.0\.exposed: field not allowed \(did you mean expose\?\)/);
    expect(msg).not.toContain('anything');
  });

  it('reports a missing required parameter as a parameter error, with the template and the properties', () => {
    const text = app(`    - name: orders
      type: webservice
      properties:
        cpu: "1"
`);
    const msg = renderError(() => renderText(text));
    // Positions are sorted by file name, as CUE prints them.
    expect(msg).toMatch(/^component "orders" \(webservice\): parameter errors:\nparameter\.image: incomplete value string:\n {4}\.\/app\.yaml:10:9\n {4}cue-lite:definitions\/components\/webservice\.cue:\d+:\d+\n$/);
  });

  it('reports a type conflict at the user value and the schema', () => {
    const text = app(`    - name: web
      type: webservice
      properties:
        image: 42
`);
    const msg = renderError(() => renderText(text));
    expect(msg).toContain('parameter errors');
    expect(msg).toContain('./app.yaml:10:16');
  });
});

describe('definitions', () => {
  it('names close matches for an unknown type', () => {
    const text = app(`    - name: web
      type: webservise
      properties: {image: nginx}
      traits:
        - type: scalar
`);
    const msg = renderError(() => renderText(text));
    expect(msg).toContain('unknown component type "webservise" (did you mean webservice?)');
    expect(msg).toContain('unknown trait type "scalar" (did you mean scaler?)');
  });

  it('refuses a trait used as a component', () => {
    const msg = renderError(() => renderText(app(`    - name: web\n      type: scaler\n`)));
    expect(msg).toContain('"scaler" is a trait definition');
  });

  it('lets a user definition shadow a built-in, and reports duplicates naming both files', () => {
    const def = (desc: string) => `scaler: {\n\ttype: "trait"\n\tdescription: "${desc}"\n}\ntemplate: {\n\tparameter: n: *7 | int\n\tpatch: spec: replicas: parameter.n\n}\n`;
    const defs = loadDefinitions([{ name: 'mine/scaler.cue', text: def('mine') }]);
    expect(defs.get('scaler')!.description).toBe('mine');
    const out = renderComponent({ name: 'w', type: 'worker', properties: { image: 'x' }, traits: [{ type: 'scaler' }] }, { definitions: defs });
    expect((out.objects[0]!.object as any).spec.replicas).toBe(7);
    expect(() => loadDefinitions([{ name: 'a/scaler.cue', text: def('a') }, { name: 'b/scaler.cue', text: def('b') }])).toThrow(/"scaler" is defined twice: in a\/scaler\.cue and in b\/scaler\.cue/);
  });

  it('reads a YAML TraitDefinition, with positions in the YAML file', () => {
    const yaml = `apiVersion: core.oam.dev/v1beta1
kind: TraitDefinition
metadata:
  name: replicas-bad
spec:
  appliesToWorkloads: ["deployments.apps"]
  schematic:
    cue:
      template: |
        parameter: n: int
        patch: spec: replicas: parameter.n & >10
`;
    const defs = loadDefinitions([{ name: 'defs/t.yaml', text: yaml }]);
    const msg = renderError(() => renderComponent({ name: 'w', type: 'worker', properties: { image: 'x' }, traits: [{ type: 'replicas-bad', properties: { n: 3 } }] }, { definitions: defs }));
    expect(msg).toContain('trait "replicas-bad"');
    expect(msg).toContain('./defs/t.yaml:11:');
  });

  it('opens empty structs in a parameter schema (KubeVela writes [...{}] for any objects)', () => {
    const defs = loadDefinitions([
      { name: 'raw.cue', text: 'raw: {\n\ttype: "component"\n\tdescription: "r"\n}\ntemplate: {\n\tparameter: objects: [...{}]\n\toutput: parameter.objects[0]\n}\n' },
    ]);
    const out = renderComponent({ name: 'r', type: 'raw', properties: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } }] } }, { definitions: defs });
    expect(out.objects[0]!.object).toMatchObject({ kind: 'ConfigMap', data: { a: 'b' } });
  });

  it('lists every error under its header once, joining errors of the same group', () => {
    const defs = loadDefinitions([
      {
        name: 'pair.cue',
        text: 'pair: {\n\ttype: "component"\n}\ntemplate: {\n\tparameter: {\n\t\tname: string\n\t\tport: int\n\t}\n\toutput: {kind: "A", n: parameter.name}\n\toutputs: svc: {kind: "B", p: parameter.port}\n}\n',
      },
      { name: 'loose.cue', text: 'loose: {\n\ttype: "component"\n}\ntemplate: {\n\toutput: {kind: "A", x: int}\n\toutputs: b: {kind: "B", y: string}\n}\n' },
    ]);
    const params = renderError(() => renderComponent({ name: 'p', type: 'pair', properties: {} }, { definitions: defs }));
    expect(params.split('parameter errors:').length - 1).toBe(1);
    expect(params).toContain('parameter.name: incomplete value string');
    expect(params).toContain('parameter.port: incomplete value int');
    const template = renderError(() => renderComponent({ name: 'l', type: 'loose' }, { definitions: defs }));
    expect(template.split('template errors:').length - 1).toBe(1);
    expect(template).toContain('output.x: incomplete value int');
    expect(template).toContain('outputs.b.y: incomplete value string');
  });

  it('enforces appliesToWorkloads and conflictsWith', () => {
    const msg = renderError(() => renderComponent({ name: 'j', type: 'task', properties: { image: 'x' }, traits: [{ type: 'scaler', properties: { replicas: 2 } }] }));
    expect(msg).toContain('trait "scaler"');
    expect(msg).toContain('appliesToWorkloads is deployments.apps, statefulsets.apps');
  });
});

describe('platform defaults', () => {
  const platform = (text: string, name = 'platform.cue') => loadPlatform([{ name, text }]);
  const scaled = (replicas: number | undefined, p: string, name?: string) =>
    renderComponent(
      { name: 'w', type: 'worker', properties: { image: 'x' }, traits: [{ type: 'scaler', ...(replicas === undefined ? {} : { properties: { replicas } }) }] },
      { platform: platform(p, name) },
    );
  const replicasOf = (r: ReturnType<typeof scaled>) => (r.objects[0]!.object as any).spec.replicas;

  it('a platform default replaces the template default and yields to the user', () => {
    expect(replicasOf(scaled(undefined, 'scaler: parameter: replicas: *3 | int'))).toBe(3);
    expect(replicasOf(scaled(5, 'scaler: parameter: replicas: *3 | int'))).toBe(5);
  });

  it('a platform constraint is a rule: breaking it names both positions', () => {
    const msg = renderError(() => scaled(50, 'scaler: parameter: replicas: <=10'));
    expect(msg).toContain('trait "scaler": parameter errors');
    expect(msg).toContain('./platform.cue:1:30');
    expect(msg).toContain('<properties of w/scaler>');
  });

  it('a YAML platform file holds plain values that act as rules', () => {
    expect(replicasOf(scaled(undefined, 'scaler:\n  parameter:\n    replicas: 4\n', 'p.yaml'))).toBe(4);
    const msg = renderError(() => scaled(2, 'scaler:\n  parameter:\n    replicas: 4\n', 'p.yaml'));
    expect(msg).toContain('conflicting values');
    expect(msg).toContain('./p.yaml:3:15');
  });
});

describe('cue-lite render', () => {
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['render', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: root });
    return { code, out, err };
  };

  it('renders the README example as a YAML stream, or a JSON list', async () => {
    const y = await run(['examples/app.yaml']);
    expect(y.err).toBe('');
    expect(y.code).toBe(0);
    // Framed as vela dry-run frames it: a header per component, then its objects.
    expect(y.out.match(/^# Application\(shop\) -- Component\((\w+)\)$/gm)).toEqual([
      '# Application(shop) -- Component(frontend)',
      '# Application(shop) -- Component(api)',
      '# Application(shop) -- Component(orders)',
    ]);
    expect(YAML.parseAllDocuments(y.out).filter((d) => d.toJS() !== null)).toHaveLength(8);
    expect(y.out).toContain('\n---\n## From the trait hpa\napiVersion: autoscaling/v2\n');
    const j = await run(['examples/app.yaml', '--platform', 'examples/platform.cue', '--out', 'json']);
    const list = JSON.parse(j.out);
    expect(list.map((o: any) => o.object.kind)).toContain('HorizontalPodAutoscaler');
    expect(list[0]).toMatchObject({ application: 'shop', label: 'shop', policies: [], component: 'frontend', role: 'workload' });
  });

  it('renders one component with --component and -p', async () => {
    const r = await run(['--component', 'worker', '--name', 'jobs', '-p', 'testdata/render/cli/worker-props.yaml']);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^kind: Deployment$/m);
    expect(r.out).toMatch(/^ {2}name: jobs$/m);
  });

  it('searches --defs directories recursively and renders one set per topology', async () => {
    const r = await run(['testdata/render/cli/app-with-policies.yaml', '--defs', 'testdata/render/cli/defs', '--out', 'json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const first = JSON.parse(r.out)[0];
    expect(first).toMatchObject({ label: 'tiny with topology topology', step: 'deploy-topology', topology: 'topology', clusters: ['local'], policies: ['topology'] });
    expect(first.object.metadata.labels.replicas).toBe('2');
  });

  it('reads --context and --platform YAML files', async () => {
    const r = await run(['testdata/render/cli/app-with-policies.yaml', '--defs', 'testdata/render/cli/defs', '--context', 'testdata/render/cli/context.yaml', '--out', 'json']);
    expect(r.err).not.toContain('Error');
    expect(JSON.parse(r.out)[0].object.metadata).toMatchObject({ namespace: 'staging', labels: { 'app.oam.dev/appRevision': 'tiny-v4' } });
  });

  it('exits 1 with the error on stderr', async () => {
    const r = await run(['--component', 'webservice']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('parameter.image: incomplete value string');
    const u = await run(['--out', 'xml', 'examples/app.yaml']);
    expect(u.code).toBe(1);
    expect(u.err).toContain('--out must be yaml or json');
  });
});

describe('cue-lite vet on definition files', () => {
  const vet = async (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-def-'));
    for (const [n, t] of Object.entries(files)) writeFileSync(path.join(dir, n), t);
    let err = '';
    const code = await main(['vet', ...Object.keys(files)], { stdout: () => {}, stderr: (s) => (err += s), cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    return { code, err };
  };
  const def = (body: string) => `d: {\n\ttype: "trait"\n\tdescription: "x"\n}\ntemplate: {\n${body}\n}\n`;

  it('accepts a template with no parameter values (context and parameter declared)', async () => {
    expect(await vet({ 'ok.cue': def('\tparameter: n: int\n\tpatch: metadata: name: context.name\n\tpatch: spec: replicas: parameter.n') })).toEqual({ code: 0, err: '' });
  });

  it('reports conflicts and bad metadata with positions', async () => {
    const r = await vet({ 'bad.cue': def('\tparameter: n: int\n\tpatch: spec: x: 1 & 2') });
    expect(r.code).toBe(1);
    expect(r.err).toContain('patch.spec.x: conflicting values 2 and 1');
    expect(r.err).toContain('./bad.cue:7:');
    const m = await vet({ 'meta.cue': 'd: {\n\ttype: "gadget"\n}\ntemplate: {}\n' });
    expect(m.err).toContain('d.type must be "component", "trait"');
  });

  it('checks every built-in definition cleanly', async () => {
    const files = Object.fromEntries(
      ['components/webservice.cue', 'components/cron-task.cue', 'traits/storage.cue', 'traits/env.cue'].map((f) => [path.basename(f), read(`stdlib/definitions/${f}`)]),
    );
    expect(await vet(files)).toEqual({ code: 0, err: '' });
  });
});

describe('generated module', () => {
  it('builtin-definitions.generated.ts is up to date with stdlib/definitions', () => {
    expect(() => execFileSync(process.execPath, [path.join(root, 'scripts/gen-definitions.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

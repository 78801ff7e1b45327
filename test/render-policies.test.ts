/**
 * Policies and workflow in `cue-lite render` (src/render/policies, workflow.ts, standalone.ts):
 * the rules one by one through the library, and vela dry-run's offline CLI cases
 * (kubevela references/cli/dryrun_test.go) through the command, with inputs of ours in
 * testdata/render/cli/dry-run. Whole outputs are pinned by testdata/render/apps/*.txtar.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { RenderError, parseDocuments, render, renderApplications } from '../src/index.js';
import { mergeProperties } from '../src/render/policies/merge-properties.js';
import { plain } from '../src/render/application.js';
import { inNamespace } from '../src/render/policies/topology.js';
import { parseYAMLStream } from '../src/encoding/index.js';
import { Source } from '../src/source/index.js';
import type { Expr } from '../src/syntax/ast.js';

const root = path.resolve(__dirname, '..');

function yamlExpr(text: string): Expr {
  const r = parseYAMLStream(new Source('x.yaml', text));
  expect(r.errors).toEqual([]);
  return r.exprs[0]!;
}

const merged = (base: string, patch: string) => plain(mergeProperties(yamlExpr(base), yamlExpr(patch), yamlExpr(base).span));

describe('override: the properties merge (mergo WithOverride)', () => {
  it('merges objects key by key and lets patch scalars win, zero values included', () => {
    expect(merged('a: {b: 1, c: 2}\nd: x', 'a: {c: 0, e: false}\nd: ""')).toEqual({ a: { b: 1, c: 0, e: false }, d: '' });
  });
  it('replaces lists whole, [] included', () => {
    expect(merged('l: [1, 2, 3]\nm: [1]', 'l: [9]\nm: []')).toEqual({ l: [9], m: [] });
  });
  it('keeps null as null, and {} over an object changes nothing', () => {
    expect(merged('a: {b: 1}\nc: 2', 'a: {}\nc: null')).toEqual({ a: { b: 1 }, c: null });
  });
  it('lets the patch win when the types differ, both ways', () => {
    expect(merged('a: {b: 1}\nc: 2', 'a: 5\nc: {d: 1}')).toEqual({ a: 5, c: { d: 1 } });
  });
  it('gives an object when both sides are absent', () => {
    expect(plain(mergeProperties(undefined, undefined, yamlExpr('a: 1').span))).toEqual({});
  });
});

const app = (spec: string) => `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: shop
spec:
${spec}`;

const comps = `  components:
    - name: api
      type: worker
      properties:
        image: shop/api:1.0
    - name: my-api-v2
      type: worker
      properties:
        image: shop/api:2.0
    - name: web
      type: webservice
      properties:
        image: shop/web:1.0
`;

const images = (spec: string) =>
  render(app(spec)).map((m) => `${m.label}/${m.component}:${(m.object as any).spec.template.spec.containers[0].image}`);

describe('override: which components a patch selects', () => {
  it('matches names as an unanchored Go regexp, * as any text', () => {
    const policy = (name: string) =>
      `${comps}  policies:\n    - name: o\n      type: override\n      properties:\n        components:\n          - name: "${name}"\n            properties: {image: x:9}\n`;
    expect(images(policy('api'))).toEqual(['shop only with override policies/api:x:9', 'shop only with override policies/my-api-v2:x:9', 'shop only with override policies/web:shop/web:1.0']);
    expect(images(policy('^api$'))).toEqual(['shop only with override policies/api:x:9', 'shop only with override policies/my-api-v2:shop/api:2.0', 'shop only with override policies/web:shop/web:1.0']);
    expect(images(policy('w*b'))).toEqual(['shop only with override policies/api:shop/api:1.0', 'shop only with override policies/my-api-v2:shop/api:2.0', 'shop only with override policies/web:x:9']);
  });
  it('selects by type, and the selector keeps only the listed components', () => {
    const spec = `${comps}  policies:\n    - name: o\n      type: override\n      properties:\n        components:\n          - type: webservice\n            properties: {image: x:9}\n        selector: [web, api]\n`;
    expect(images(spec)).toEqual(['shop only with override policies/api:shop/api:1.0', 'shop only with override policies/web:x:9']);
    const none = `${comps}  policies:\n    - name: o\n      type: override\n      properties:\n        selector: []\n`;
    expect(render(app(none))).toEqual([]);
  });
  it('adds a component for a name that matches nothing; without a type that is an error', () => {
    const add = `${comps}  policies:\n    - name: o\n      type: override\n      properties:\n        components:\n          - name: extra\n            type: worker\n            properties: {image: extra:1}\n`;
    expect(images(add).at(-1)).toBe('shop only with override policies/extra:extra:1');
    const bad = add.replace('            type: worker\n', '');
    expect(() => render(app(bad))).toThrow(/component "extra" matches no component and is added, but the patch has no type/);
  });
});

describe('which sets render', () => {
  const topo = (name: string, ns: string) => `    - name: ${name}\n      type: topology\n      properties:\n        namespace: ${ns}\n`;
  it('one set per topology of a deploy step; two topologies in one step give two sets', () => {
    const spec = `${comps}  policies:\n${topo('a', 'ns-a')}${topo('b', 'ns-b')}  workflow:\n    steps:\n      - name: both\n        type: deploy\n        properties:\n          policies: [b, a]\n`;
    const sets = render(app(spec)).filter((m) => m.component === 'api');
    expect(sets.map((m) => [m.label, m.step, (m.object as any).metadata.namespace])).toEqual([
      ['shop with topology b', 'both', 'ns-b'],
      ['shop with topology a', 'both', 'ns-a'],
    ]);
  });
  it('sees the topology namespace in context.namespace, and overwrites the template namespace', () => {
    const defs = [
      {
        name: 'defs/ns.cue',
        text: 'ns: {\n\ttype: "component"\n}\ntemplate: {\n\toutput: {apiVersion: "v1", kind: "ConfigMap", metadata: namespace: "fixed", data: ns: context.namespace}\n\toutputs: all: {apiVersion: "v1", kind: "Namespace", metadata: name: context.namespace}\n}\n',
      },
    ];
    const spec = `  components:\n    - name: c\n      type: ns\n  policies:\n${topo('a', 'ns-a')}`;
    const out = render(app(spec), { definitions: defs });
    expect(out.map((m) => m.object)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: expect.objectContaining({ name: 'c', namespace: 'ns-a' }), data: { ns: 'ns-a' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: expect.not.objectContaining({ namespace: expect.anything() }) },
    ]);
  });
  it('starts each step from the Application as written', () => {
    const spec = `${comps}  policies:\n${topo('a', 'ns-a')}    - name: o\n      type: override\n      properties:\n        components:\n          - properties: {image: x:9}\n  workflow:\n    steps:\n      - {name: one, type: deploy, properties: {policies: [a, o]}}\n      - {name: two, type: deploy, properties: {policies: [a]}}\n`;
    expect(images(spec).filter((s) => s.startsWith('shop with topology a/api:'))).toEqual(['shop with topology a/api:x:9', 'shop with topology a/api:shop/api:1.0']);
  });
  it('lists the steps that render nothing, and the policies no deploy step uses', () => {
    const spec = `${comps}  policies:\n${topo('a', 'ns-a')}  workflow:\n    steps:\n      - {name: hold, type: suspend}\n`;
    const r = renderApplications(app(spec));
    expect(r.manifests.map((m) => m.label)).toEqual(['shop', 'shop', 'shop']);
    expect(r.notices.map((n) => n.message)).toEqual([
      'workflow step "hold" (suspend) renders nothing of its own: only top-level deploy steps choose what renders, as in vela dry-run',
      'policy "a" (topology) is not used by any top-level deploy step: not applied',
    ]);
  });
  it('refuses steps and ref together, and a ref to a Workflow not given', () => {
    const both = `${comps}  workflow:\n    ref: x\n    steps: []\n`;
    expect(() => render(app(both))).toThrow(/cannot set steps and ref in workflow at the same time/);
    expect(() => render(app(`${comps}  workflow:\n    ref: x\n`))).toThrow(/workflow "x" not found: give the Workflow file as an input/);
  });
  it('throws a RenderError naming the set when a component fails in one set only', () => {
    const spec = `${comps}  policies:\n${topo('a', 'ns-a')}${topo('b', 'ns-b')}    - name: o\n      type: override\n      properties:\n        components:\n          - name: web\n            properties: {image: 5}\n  workflow:\n    steps:\n      - {name: one, type: deploy, properties: {policies: [a]}}\n      - {name: two, type: deploy, properties: {policies: [b, o]}}\n`;
    let err: unknown;
    try {
      render(app(spec));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).groups.map((g) => g.header)).toEqual(['application "shop" with topology b: component "web" (webservice): parameter errors']);
    expect((err as RenderError).format()).toContain('./app.yaml:');
  });
});

describe('inNamespace', () => {
  it('puts namespace after name when the object has none, and keeps key order otherwise', () => {
    expect(Object.keys(inNamespace({ metadata: { name: 'a', labels: {} } }, 'x').metadata as object)).toEqual(['name', 'namespace', 'labels']);
    expect(inNamespace({ metadata: { labels: {}, namespace: 'y' } }, 'x').metadata).toEqual({ labels: {}, namespace: 'x' });
  });
});

describe('parseDocuments', () => {
  it('reads Applications, Policies and Workflows; names unnamed policies as KubeVela does', () => {
    const d = parseDocuments(
      'in.yaml',
      `${app(`${comps}  policies:\n    - type: override\n      properties: {}\n`)}---\napiVersion: core.oam.dev/v1alpha1\nkind: Policy\nmetadata: {name: p}\ntype: topology\nproperties: {}\n---\nkind: Workflow\nmetadata: {name: w}\nsteps: [{name: s, type: deploy, properties: {policies: [p]}}]\n`,
    );
    expect(d.applications[0]!.policies.map((p) => p.name)).toEqual(['override-auto-gen-0']);
    expect(d.policies.map((p) => [p.name, p.type])).toEqual([['p', 'topology']]);
    expect(d.workflows.map((w) => [w.name, w.steps.map((s) => s.name)])).toEqual([['w', ['s']]]);
  });
});

describe('cue-lite render: vela dry-run offline cases', () => {
  const dir = 'testdata/render/cli/dry-run';
  const run = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['render', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: path.join(root, dir) });
    return { code, out, err };
  };

  it('a definition file, and a definition directory', async () => {
    for (const defs of ['defs/components/queue-worker.yaml', 'defs']) {
      const r = await run('app.yaml', '--defs', defs);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toContain('# Application(billing) -- Component(invoices)\n');
      expect(r.out).toMatch(/^ {2}name: invoices$/m);
      expect(r.out).toMatch(/^kind: Deployment$/m);
      expect(r.out).toMatch(/^ {4}workload.oam.dev\/type: queue-worker$/m);
    }
  });

  it('two deploy steps with two topologies, each set in its namespace', async () => {
    const r = await run('app-two-steps.yaml', '--defs', 'defs');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.match(/^# Application\(.*\)$/gm)).toEqual([
      '# Application(billing with topology eu-staging) -- Component(invoices)',
      '# Application(billing with topology eu-prod) -- Component(invoices)',
    ]);
    expect(r.out.match(/^ {2}namespace: .*$/gm)).toEqual(['  namespace: billing-staging', '  namespace: billing-prod']);
  });

  it('standalone policy and workflow files: warned about without --merge, merged with it', async () => {
    const p = await run('app.yaml', 'policy.yaml', '--defs', 'defs');
    expect(p.code).toBe(0);
    expect(p.err).toBe('warning: policy eu-everywhere not referenced by application\n');
    expect(p.out).toContain('# Application(billing) -- Component(invoices)');
    const w = await run('app.yaml', 'workflow.yaml', '--defs', 'defs');
    expect(w.err).toBe('warning: workflow rollout not referenced by application\n');
    expect(w.out).toContain('# Application(billing) -- Component(invoices)');
    const m = await run('app.yaml', 'workflow.yaml', 'policy.yaml', '--merge', '--defs', 'defs', '--out', 'json');
    expect(m).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(m.out).map((e: any) => [e.label, e.step, e.clusters])).toEqual([['billing with topology eu-everywhere', 'deploy-eu', ['eu-1']]]);
    const both = await run('app.yaml', 'workflow.yaml', 'policy.yaml', '--defs', 'defs');
    expect(both).toMatchObject({ code: 0, err: 'warning: workflow rollout not referenced by application\nwarning: policy eu-everywhere not referenced by application\n' });
  });

  it('uses the Workflow an Application references; a Policy file still needs --merge', async () => {
    const r = await run('app-ref.yaml', 'workflow.yaml', 'policy.yaml', '--defs', 'defs');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'warning: policy eu-everywhere not referenced by application\nworkflow:\nworkflow step "deploy-eu" (deploy): policy "eu-everywhere" not found (a Policy document of that name was given: --merge adds it to the Application):\n    ./workflow.yaml:9:18\n',
    );
    const m = await run('app-ref.yaml', 'workflow.yaml', 'policy.yaml', '--defs', 'defs', '--merge');
    expect(m).toMatchObject({ code: 0, err: '' });
    expect(m.out).toContain('# Application(billing with topology eu-everywhere) -- Component(invoices)\n# clusters: [eu-1]\n');
  });

  it('refuses other kinds, a second workflow, and inputs with no Application', async () => {
    expect((await run('not-an-app.yaml')).err).toContain('expected kind: Application, Policy or Workflow, found "TraitDefinition"');
    expect((await run('app.yaml', 'workflow.yaml', 'workflow.yaml', '--defs', 'defs')).err).toContain('more than one external workflow provided');
    const none = await run('policy.yaml');
    expect(none).toMatchObject({ code: 1 });
    expect(none.err).toContain('no application provided');
  });
});

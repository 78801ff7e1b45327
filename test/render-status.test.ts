/**
 * `applicationStatus` / `cue-lite status`: definitions' status snippets evaluated against live
 * objects as KubeVela's controller evaluates them (pkg/cue/definition/health/health.go,
 * application/apply.go collectHealthStatus). The built-in definitions carry status policies of
 * our own writing with KubeVela's rules; KubeVela's own webservice is checked too when a mirror
 * of kubevela/kubevela is at hand (KUBEVELA_REPO, else /work/.mirror/kubevela+kubevela/repo).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { applicationStatus, evaluateStatus, parseLiveObjects } from '../src/render/index.js';

const app = (components: string) => `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: {name: shop}
spec:
  components:
${components}`;

const web = app(`    - name: web
      type: webservice
      properties: {image: nginx:1.25}
      traits:
        - {type: scaler, properties: {replicas: 2}}
`);

const deployment = (ready: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, generation: 1${extra}}
spec: {replicas: 2}
status: {replicas: 2, readyReplicas: ${ready}, updatedReplicas: 2, observedGeneration: 1}
`;

const statusOf = (appText: string, live: string, definitions: { name: string; text: string }[] = []) =>
  applicationStatus(appText, { live: parseLiveObjects('live.yaml', live), definitions }).rows.map((r) => ({
    component: r.component,
    ...(r.trait ? { trait: r.trait } : {}),
    healthy: r.healthy,
    message: r.message,
    ...(r.details ? { details: r.details } : {}),
  }));

function kubevelaFile(rel: string): string | undefined {
  const repo = process.env.KUBEVELA_REPO ?? '/work/.mirror/kubevela+kubevela/repo';
  if (!existsSync(repo)) return undefined;
  const direct = path.join(repo, rel);
  if (existsSync(direct)) return execFileSync('cat', [direct], { encoding: 'utf8' });
  try {
    return execFileSync('git', ['-C', repo, 'show', `HEAD:${rel}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

describe('status of the built-in definitions', () => {
  it('webservice: healthy with every replica ready, "Ready:n/m" either way', () => {
    expect(statusOf(web, deployment(2))).toEqual([
      { component: 'web', healthy: true, message: 'Ready:2/2' },
      { component: 'web', trait: 'scaler', healthy: true, message: '' },
    ]);
    expect(statusOf(web, deployment(1))[0]).toEqual({ component: 'web', healthy: false, message: 'Ready:1/2' });
  });

  it('webservice: an old observed generation is unhealthy; the disable-health-check annotation makes it healthy', () => {
    const old = deployment(2).replace('generation: 1', 'generation: 2');
    expect(statusOf(web, old)[0]!.healthy).toBe(false);
    const disabled = deployment(0, ', annotations: {app.oam.dev/disable-health-check: "true"}');
    expect(statusOf(web, disabled)[0]).toEqual({ component: 'web', healthy: true, message: 'Ready:0/2' });
  });

  it('a live object without status reads as nothing ready', () => {
    const bare = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, generation: 1}\nspec: {replicas: 2}\n';
    expect(statusOf(web, bare)[0]).toEqual({ component: 'web', healthy: false, message: 'Ready:0/2' });
  });

  it('daemon and task', () => {
    const d = app('    - {name: logs, type: daemon, properties: {image: fluentd}}\n');
    const ds = (ready: number) =>
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: logs, generation: 3}\nstatus: {desiredNumberScheduled: 3, numberReady: ${ready}, currentNumberScheduled: 3, updatedNumberScheduled: 3, observedGeneration: 3}\n`;
    expect(statusOf(d, ds(3))).toEqual([{ component: 'logs', healthy: true, message: 'Ready:3/3' }]);
    expect(statusOf(d, ds(2))).toEqual([{ component: 'logs', healthy: false, message: 'Ready:2/3' }]);
    const t = app('    - {name: once, type: task, properties: {image: busybox, count: 2}}\n');
    const job = (ok: number) => `apiVersion: batch/v1\nkind: Job\nmetadata: {name: shop-once}\nspec: {parallelism: 2}\nstatus: {active: ${2 - ok}, succeeded: ${ok}}\n`;
    expect(statusOf(t, job(2))).toEqual([{ component: 'once', healthy: true, message: 'Active/Failed/Succeeded:0/0/2' }]);
    expect(statusOf(t, job(1))).toEqual([{ component: 'once', healthy: false, message: 'Active/Failed/Succeeded:1/0/1' }]);
  });

  it('expose: a trait sees its own outputs; a LoadBalancer waits for its IP', () => {
    const a = app(`    - name: web
      type: webservice
      properties: {image: nginx}
      traits:
        - {type: expose, properties: {port: [80], type: LoadBalancer}}
`);
    const svc = (status: string) => `---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: LoadBalancer}\n${status}`;
    const rows = statusOf(a, deployment(2) + svc('status: {loadBalancer: {}}\n'));
    expect(rows[1]).toEqual({ component: 'web', trait: 'expose', healthy: false, message: 'ExternalIP: Pending' });
    const up = statusOf(a, deployment(2) + svc('status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n'));
    expect(up[1]).toEqual({ component: 'web', trait: 'expose', healthy: true, message: 'ExternalIP: 1.2.3.4' });
  });
  it('gateway: healthy once its Ingress exists; the message says where to reach it', () => {
    const a = app(`    - name: web
      type: webservice
      properties: {image: nginx}
      traits:
        - {type: gateway, properties: {domain: web.example.com, http: {"/": 80}}}
`);
    const svc = '---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n';
    const ing = (status: string) => `---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec: {rules: [{host: web.example.com}]}\n${status}`;
    expect(statusOf(a, deployment(2) + svc + ing(''))[1]).toEqual({ component: 'web', trait: 'gateway', healthy: true, message: 'Visiting URL: web.example.com' });
    const lb = statusOf(a, deployment(2) + svc + ing('status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n'));
    expect(lb[1]!.message).toBe('Visiting URL: web.example.com, IP: 1.2.3.4');
    expect(statusOf(a, deployment(2) + svc)[1]).toMatchObject({ healthy: false, message: 'no live object: Ingress default/web (networking.k8s.io/v1)' });
  });
});

describe('matching live objects', () => {
  it('a missing live object makes the row unhealthy, naming it', () => {
    expect(statusOf(web, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n')[0]).toEqual({
      component: 'web',
      healthy: false,
      message: 'no live object: Deployment default/web (apps/v1)',
    });
  });

  it('matches by apiVersion, kind, namespace and name; List objects are unpacked; JSON works too', () => {
    const otherNs = deployment(2).replace('namespace: default', 'namespace: prod');
    expect(statusOf(web, otherNs)[0]!.message).toBe('no live object: Deployment default/web (apps/v1)');
    const v1beta = deployment(2).replace('apps/v1', 'apps/v1beta1');
    expect(statusOf(web, v1beta)[0]!.healthy).toBe(false);
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${deployment(2).trimEnd().split('\n').join('\n  ')}\n`;
    expect(statusOf(web, list)[0]).toEqual({ component: 'web', healthy: true, message: 'Ready:2/2' });
    const json = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation: 1 }, spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2, updatedReplicas: 2, observedGeneration: 1 } });
    const rows = applicationStatus(web, { live: parseLiveObjects('live.json', `${json}\n${json}`) }).rows;
    expect(rows[0]!.message).toBe('Ready:2/2');
  });

  it('a topology policy puts the set in its namespace, where the live objects are looked for', () => {
    const a = `${web}  policies:\n    - {name: prod, type: topology, properties: {clusters: [local], namespace: prod}}\n`;
    expect(statusOf(a, deployment(2))[0]!.message).toBe('no live object: Deployment prod/web (apps/v1)');
    expect(statusOf(a, deployment(2).replace('namespace: default', 'namespace: prod'))[0]!.message).toBe('Ready:2/2');
  });

  it('rejects live input that is not objects', () => {
    expect(() => parseLiveObjects('live.yaml', '- 1\n- 2\n')).toThrow(/not an object/);
    expect(() => parseLiveObjects('live.yaml', 'a: [\n')).toThrow();
  });
});

describe('snippets as KubeVela evaluates them', () => {
  const def = (status: string, template = 'output: {apiVersion: "apps/v1", kind: "Deployment", spec: replicas: 2}\nparameter: {n: *1 | int}') => ({
    name: 'defs/probe.cue',
    text: `probe: {\n\ttype: "component"\n\tattributes: status: {\n${status}\n\t}\n}\ntemplate: {\n${template}\n}\n`,
  });
  const probe = app('    - {name: web, type: probe, properties: {n: 5}}\n');

  it('details: strings as they are, other values as CUE, non-concrete as _|_; $, @private and long labels hidden', () => {
    const rows = statusOf(
      probe,
      deployment(2),
      [
        def(`details: #"""
			name: context.output.metadata.name
			replicas: context.output.spec.replicas
			ready: context.output.status.readyReplicas > 1
			missing: context.output.status.nothing
			obj: {a: 1}
			$secret: 42
			priv: 1 @private()
			loc: 2 @local()
			aVeryLongLabelThatIsOverThirtyTwo: 1
			param: parameter.n
			"""#
			healthPolicy: "isHealth: context.status.details.$secret == 42 && context.status.details.replicas == 2"
			customStatus: "message: \\"healthy=\\\\(context.status.healthy) app=\\\\(context.appName) rev=\\\\(context.appRevision)\\""`),
      ],
    );
    expect(rows).toEqual([
      {
        component: 'web',
        healthy: true,
        message: 'healthy=true app=shop rev=shop-v1',
        details: { name: 'web', replicas: '2', ready: 'true', missing: '_|_', obj: '{\n\ta: 1\n}', param: '5' },
      },
    ]);
  });

  it('a failing snippet makes the row unhealthy with the reason; no policy is healthy', () => {
    const failing = statusOf(probe, deployment(2), [def('healthPolicy: "isHealth: context.output.status.nope > 1"')]);
    expect(failing[0]).toMatchObject({ healthy: false });
    expect(failing[0]!.message).toMatch(/^status\.healthPolicy: isHealth: .*nope/);
    const syntax = statusOf(probe, deployment(2), [def('customStatus: "message: ("')]);
    expect(syntax[0]!.healthy).toBe(false);
    expect(syntax[0]!.message).toMatch(/^status\.customStatus: /);
    const wrongType = statusOf(probe, deployment(2), [def('healthPolicy: "isHealth: 1"')]);
    expect(wrongType[0]!.message).toBe('status.healthPolicy: isHealth is not a bool');
    expect(statusOf(probe, deployment(2), [def('')])).toEqual([{ component: 'web', healthy: true, message: '' }]);
  });

  it('a trait sees no context.output (KubeVela gives traits their outputs only)', () => {
    const t = {
      name: 'defs/peek.cue',
      text: 'peek: {\n\ttype: "trait"\n\tattributes: status: healthPolicy: "isHealth: context.output.spec.replicas == 2"\n}\ntemplate: {\n\tparameter: {}\n}\n',
    };
    const a = app('    - {name: web, type: webservice, properties: {image: nginx}, traits: [{type: peek}]}\n');
    const rows = statusOf(a, deployment(2), [t]);
    expect(rows[1]).toMatchObject({ trait: 'peek', healthy: false });
    expect(rows[1]!.message).toMatch(/^status\.healthPolicy: /);
  });

  it('evaluateStatus on its own', () => {
    const r = evaluateStatus({
      snippets: { healthPolicy: 'isHealth: context.output.ok', customStatus: 'message: "ok=\\(context.status.healthy)"' },
      context: { name: 'x', output: { ok: false } },
      file: 'x.cue',
    });
    expect(r).toEqual({ healthy: false, message: 'ok=false', errors: [] });
  });
});

describe("KubeVela's own webservice (from a kubevela/kubevela mirror)", () => {
  const text = kubevelaFile('vela-templates/definitions/internal/component/webservice.cue');
  it.skipIf(text === undefined)('gives Ready:2/2 healthy and Ready:1/2 unhealthy', () => {
    const defs = [{ name: 'kubevela/webservice.cue', text: text! }];
    expect(statusOf(web, deployment(2), defs)[0]).toEqual({ component: 'web', healthy: true, message: 'Ready:2/2' });
    expect(statusOf(web, deployment(1), defs)[0]).toEqual({ component: 'web', healthy: false, message: 'Ready:1/2' });
  });

  it.skipIf(text === undefined)('through the CLI with --defs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cue-lite-status-kv-'));
    writeFileSync(path.join(dir, 'webservice.cue'), text!);
    writeFileSync(path.join(dir, 'app.yaml'), web);
    writeFileSync(path.join(dir, 'live.yaml'), deployment(1));
    let out = '';
    const code = await main(['status', 'app.yaml', '--live', 'live.yaml', '--defs', 'webservice.cue', '--out', 'json'], { stdout: (s) => (out += s), stderr: () => {}, cwd: dir });
    expect(code).toBe(1);
    expect(JSON.parse(out)[0]).toEqual({ component: 'web', healthy: false, message: 'Ready:1/2' });
  });
});

describe('cue-lite status', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cue-lite-status-'));
  writeFileSync(path.join(dir, 'app.yaml'), web);
  writeFileSync(path.join(dir, 'live.yaml'), deployment(2));
  writeFileSync(path.join(dir, 'live1.yaml'), deployment(1));
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['status', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: dir });
    return { code, out, err };
  };

  it('prints one line per component and trait; exit 0 only when all are healthy', async () => {
    const ok = await run(['app.yaml', '--live', 'live.yaml']);
    expect(ok).toEqual({ code: 0, err: '', out: 'COMPONENT  TRAIT   HEALTHY  MESSAGE\nweb        -       healthy  Ready:2/2\nweb        scaler  healthy\n' });
    const bad = await run(['app.yaml', '--live', 'live1.yaml', '--out', 'json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toEqual([
      { component: 'web', healthy: false, message: 'Ready:1/2' },
      { component: 'web', trait: 'scaler', healthy: true, message: '' },
    ]);
  });

  it('usage and file errors are one line, exit 1', async () => {
    expect((await run(['app.yaml'])).err).toBe('Error: status: give the live objects with --live FILE\n');
    expect(await run(['app.yaml', '--live', 'nope.yaml'])).toMatchObject({ code: 1, err: 'cannot read nope.yaml: no such file\n' });
    expect((await run(['app.yaml', '--live', 'live.yaml', '--out', 'xml'])).code).toBe(1);
  });
});

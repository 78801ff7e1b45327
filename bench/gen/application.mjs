// Workload (d): a five-component KubeVela Application with traits, rendered with cue-lite's
// built-in definitions (stdlib/definitions/). Reference CUE has no renderer: it exports the
// same component templates with the same parameters and context (no trait patches).

const app = {
  apiVersion: 'core.oam.dev/v1beta1',
  kind: 'Application',
  metadata: { name: 'shop', namespace: 'shop' },
  spec: {
    components: [
      {
        name: 'frontend',
        type: 'webservice',
        properties: {
          image: 'nginx:1.25',
          ports: [{ port: 80, expose: true }],
          env: [{ name: 'API_URL', value: 'http://api:8080' }],
          cpu: '250m',
          memory: '128Mi',
        },
        traits: [
          { type: 'scaler', properties: { replicas: 3 } },
          { type: 'labels', properties: { tier: 'frontend' } },
          { type: 'annotations', properties: { owner: 'web-team' } },
          { type: 'sidecar', properties: { name: 'log-shipper', image: 'fluent/fluent-bit:3.0', volumes: [{ name: 'emptydir-logs', path: '/var/log/nginx' }] } },
          { type: 'storage', properties: { emptyDir: [{ name: 'logs', mountPath: '/var/log/nginx' }] } },
        ],
      },
      {
        name: 'api',
        type: 'webservice',
        properties: {
          image: 'ghcr.io/example/shop-api:1.4',
          ports: [{ port: 8080 }],
          env: [{ name: 'DB_HOST', value: 'postgres' }],
        },
        traits: [
          { type: 'env', properties: { env: { LOG_LEVEL: 'info', DB_HOST: 'postgres.shop.svc' } } },
          {
            type: 'storage',
            properties: {
              pvc: [{ name: 'api-uploads', mountPath: '/srv/uploads', resources: { requests: { storage: '5Gi' } } }],
              secret: [{ name: 'api-db', mountPath: '/etc/db', mountOnly: true, mountToEnv: { envName: 'DB_PASSWORD', secretKey: 'password' } }],
            },
          },
          { type: 'expose', properties: { ports: [{ port: 8080 }] } },
          { type: 'gateway', properties: { domain: 'shop.example.com', existingServiceName: 'api', http: { '/api': 8080 } } },
          { type: 'hpa', properties: { min: 2, max: 8, cpu: { value: 75 } } },
        ],
      },
      {
        name: 'orders',
        type: 'worker',
        properties: { image: 'ghcr.io/example/shop-orders:1.4', cmd: ['orders', '--queue', 'orders'] },
        traits: [
          { type: 'resource', properties: { cpu: '0.5', memory: '512Mi' } },
          { type: 'scaler', properties: { replicas: 2 } },
        ],
      },
      {
        name: 'log-agent',
        type: 'daemon',
        properties: {
          image: 'fluent/fluent-bit:3.0',
          ports: [{ port: 2020, expose: true }],
          env: [{ name: 'FLUENT_LOG_LEVEL', value: 'warn' }],
        },
        traits: [
          { type: 'labels', properties: { 'team.example.com/owner': 'platform' } },
          { type: 'affinity', properties: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] } },
        ],
      },
      {
        name: 'migrate',
        type: 'task',
        properties: { image: 'ghcr.io/example/shop-migrate:1.4', count: 1, cmd: ['migrate', 'up'], env: [{ name: 'DB_HOST', value: 'postgres' }] },
        traits: [
          { type: 'annotations', properties: { 'example.com/run': 'pre-deploy' } },
          { type: 'service-account', properties: { name: 'migrator', create: true } },
        ],
      },
    ],
  },
};

/** The Application as a JS object (also valid as JSON/YAML text). */
export function application() {
  return structuredClone(app);
}

/** The context a template of component `c` sees (the renderer's offline defaults, written out). */
export function componentContext(c) {
  return {
    name: c.name,
    namespace: app.metadata.namespace,
    appName: app.metadata.name,
    appRevision: `${app.metadata.name}-v1`,
    appRevisionNum: 1,
    revision: 'bench',
    components: app.spec.components,
    appLabels: {},
    appAnnotations: {},
    workflowName: '',
    publishVersion: '',
    replicaKey: '',
    cluster: 'local',
    clusterVersion: { major: '1', minor: 31, gitVersion: 'v1.31.0', platform: 'linux/amd64' },
  };
}

/**
 * One CUE file per component for reference CUE: the definition file (metadata field plus
 * `template`) with the component's parameters and context declared inside the template's
 * body, the way KubeVela assembles a render (inside, because references resolve lexically:
 * a `template: context: ...` declared outside that struct literal is not in its scope).
 * `definitionText(type)` gives the definition file's text.
 */
export function templateSources(definitionText) {
  return app.spec.components.map((c) => {
    const text = definitionText(c.type);
    const inputs = `template: {\n\tparameter: ${JSON.stringify(c.properties)}\n\tcontext: ${JSON.stringify(componentContext(c))}\n`;
    if (!/^template: \{$/m.test(text)) throw new Error(`definition ${c.type}: no \`template: {\` line`);
    return text.replace(/^template: \{$/m, inputs);
  });
}

// Workload (a): a KubeVela-style component template (our own writing) in the shape platform
// teams publish: a `parameter` schema with defaults and bounds, a `context` filled in by the
// renderer, the main `output` (a Deployment) and named `outputs` (a Service, a ConfigMap, an
// HPA when asked for). Each render injects fresh parameters and a fresh context.

/** The template: a package-less CUE file, compiled once. */
export const template = `import (
	"strconv"
	"strings"
)

#Port: {
	port:     int & >0 & <65536
	name?:    string & =~"^[a-z][a-z0-9-]{0,14}$"
	protocol: *"TCP" | "UDP" | "SCTP"
	expose:   *false | bool
}

parameter: {
	// +usage=Container image
	image: string & =~"^[a-z0-9./-]+(:[A-Za-z0-9._-]+)?$"
	imagePullPolicy?: "Always" | "Never" | "IfNotPresent"
	replicas:         *1 | int & >=0 & <=100
	cmd?: [...string]
	ports: *[#Port & {port: 80}] | [...#Port]
	env: *[] | [...{
		name:   string & =~"^[A-Z_][A-Z0-9_]*$"
		value?: string
	}]
	cpu:    *"250m" | string
	memory: *"256Mi" | string
	labels: [string]:      string
	annotations: [string]: string
	config?: [string]: string
	autoscale?: {
		min:    *1 | int & >=1
		max:    int & >=min & <=100
		target: *80 | int & >0 & <=100
	}
}

context: {
	name:           string
	namespace:      *"default" | string
	appName:        string
	appRevision:    string
	appRevisionNum: int
}

_selector: {
	"app.oam.dev/component": context.name
	"app.oam.dev/name":      context.appName
}

_exposed: [for p in parameter.ports if p.expose {p}]

output: {
	apiVersion: "apps/v1"
	kind:       "Deployment"
	metadata: {
		name:      context.name
		namespace: context.namespace
		labels: {
			_selector
			for k, v in parameter.labels {(k): v}
		}
		if len(parameter.annotations) > 0 {
			annotations: parameter.annotations
		}
	}
	spec: {
		if parameter.autoscale == _|_ {
			replicas: parameter.replicas
		}
		selector: matchLabels: _selector
		template: {
			metadata: labels: _selector
			spec: containers: [{
				name:  context.name
				image: parameter.image
				if parameter.imagePullPolicy != _|_ {
					imagePullPolicy: parameter.imagePullPolicy
				}
				if parameter.cmd != _|_ {
					command: parameter.cmd
				}
				ports: [for p in parameter.ports {
					containerPort: p.port
					protocol:      p.protocol
					name:          *"port-\\(p.port)" | string
					if p.name != _|_ {
						name: p.name
					}
				}]
				if len(parameter.env) > 0 {
					env: parameter.env
				}
				if parameter.config != _|_ {
					envFrom: [{configMapRef: name: context.name + "-config"}]
				}
				resources: {
					requests: {cpu: parameter.cpu, memory: parameter.memory}
					limits: requests
				}
			}]
		}
	}
}

outputs: {
	if len(_exposed) > 0 {
		service: {
			apiVersion: "v1"
			kind:       "Service"
			metadata: {
				name:      context.name
				namespace: context.namespace
			}
			spec: {
				selector: _selector
				type:     "ClusterIP"
				ports: [for p in _exposed {
					port:       p.port
					targetPort: p.port
					protocol:   p.protocol
					name:       "port-" + strconv.FormatInt(p.port, 10) + "-" + strings.ToLower(p.protocol)
				}]
			}
		}
	}
	if parameter.config != _|_ {
		config: {
			apiVersion: "v1"
			kind:       "ConfigMap"
			metadata: {
				name:      context.name + "-config"
				namespace: context.namespace
			}
			data: parameter.config
		}
	}
	if parameter.autoscale != _|_ {
		hpa: {
			apiVersion: "autoscaling/v2"
			kind:       "HorizontalPodAutoscaler"
			metadata: {
				name:      context.name
				namespace: context.namespace
			}
			spec: {
				scaleTargetRef: {apiVersion: "apps/v1", kind: "Deployment", name: context.name}
				minReplicas: parameter.autoscale.min
				maxReplicas: parameter.autoscale.max
				metrics: [{
					type: "Resource"
					resource: {
						name: "cpu"
						target: {type: "Utilization", averageUtilization: parameter.autoscale.target}
					}
				}]
			}
		}
	}
}
`;

/** The user's properties for render number i: deterministic, varied, every branch taken. */
export function parameters(i) {
  const p = { image: `registry.example.com/team-${i % 7}/svc:v1.${i % 13}.${i % 5}` };
  if (i % 3 !== 0) p.replicas = 1 + (i % 9);
  if (i % 4 === 1) p.imagePullPolicy = 'IfNotPresent';
  if (i % 5 === 2) p.cmd = ['/bin/server', `--shard=${i % 16}`];
  if (i % 2 === 0) {
    p.ports = [
      { port: 8000 + (i % 100), expose: true },
      { port: 9090, name: 'metrics' },
    ];
    if (i % 6 === 0) p.ports.push({ port: 5353, protocol: 'UDP', expose: true });
  }
  if (i % 3 !== 2) {
    p.env = [
      { name: 'LOG_LEVEL', value: ['debug', 'info', 'warn'][i % 3] },
      { name: 'SHARD', value: String(i % 16) },
    ];
  }
  if (i % 7 === 3) p.cpu = `${100 + (i % 10) * 50}m`;
  p.labels = { team: `team-${i % 7}`, tier: i % 2 === 0 ? 'frontend' : 'backend' };
  p.annotations = i % 4 === 0 ? { 'example.com/owner': `owner-${i % 11}` } : {};
  if (i % 5 === 4) p.config = { MODE: 'batch', REGION: `eu-${i % 3}` };
  if (i % 8 === 5) p.autoscale = { max: 10 + (i % 5), target: 70 };
  return p;
}

/** The context the renderer injects for render number i. */
export function context(i) {
  return {
    name: `svc-${i}`,
    namespace: i % 2 === 0 ? 'prod' : 'default',
    appName: `app-${i % 50}`,
    appRevision: `app-${i % 50}-v${1 + (i % 4)}`,
    appRevisionNum: 1 + (i % 4),
  };
}

/** The whole input for one render as one CUE file (for engines that cannot fill paths). */
export function renderSource(i) {
  return `${template}\nparameter: ${JSON.stringify(parameters(i))}\ncontext: ${JSON.stringify(context(i))}\n`;
}

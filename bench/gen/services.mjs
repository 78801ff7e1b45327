// Workload (b): one `#Service` schema (defaults, bounds, regexes, pattern constraints, an
// `if`, a computed field) applied to N generated instances through a pattern constraint on
// the `services` map, the way a platform team types a large inventory. Deterministic in N.

const schema = `#Service: {
	name:  string & =~"^[a-z][a-z0-9-]{0,62}$"
	image: string & =~"^[a-z0-9.-]+(/[a-z0-9.-]+)*:[A-Za-z0-9._-]+$"
	tier:  "frontend" | "backend" | "data"
	replicas: *2 | int & >=1 & <=50
	port:     *8080 | int & >1024 & <65536
	protocol: *"TCP" | "UDP"
	labels: [string]: string & =~"^[a-z0-9][a-z0-9./-]*$"
	labels: {
		app:                      name
		"app.kubernetes.io/tier": tier
	}
	env: [Key=string & =~"^[A-Z][A-Z0-9_]*$"]: {
		name:  Key
		value: string
	}
	resources: {
		cpu:    *"250m" | =~"^[0-9]+m$"
		memory: *"256Mi" | =~"^[0-9]+(Mi|Gi)$"
	}
	host: "\\(name).\\(namespace).svc.cluster.local"
	namespace: *"default" | string
	if tier == "frontend" {
		public: *true | bool
		ingress: {
			host: *"\\(name).example.com" | string
			path: *"/" | =~"^/"
		}
	}
	if tier == "data" {
		storage: *"10Gi" | =~"^[0-9]+Gi$"
	}
}

services: [Name=string]: #Service & {name: Name}
`;

const tiers = ['frontend', 'backend', 'data'];

/** Instance i: a few required fields, some defaults overridden, some left to the schema. */
function instance(i) {
  const lines = [];
  const name = `svc-${String(i).padStart(5, '0')}`;
  lines.push(`\t"${name}": {`);
  lines.push(`\t\timage: "registry.example.com/team-${i % 17}/${name}:v${1 + (i % 9)}.${i % 31}"`);
  lines.push(`\t\ttier:  "${tiers[i % 3]}"`);
  if (i % 4 === 0) lines.push(`\t\treplicas: ${1 + (i % 50)}`);
  if (i % 5 === 1) lines.push(`\t\tport: ${2000 + (i % 60000)}`);
  if (i % 7 === 2) lines.push(`\t\tprotocol: "UDP"`);
  if (i % 3 === 1) lines.push(`\t\tnamespace: "team-${i % 17}"`);
  lines.push(`\t\tlabels: owner: "team-${i % 17}"`);
  if (i % 2 === 0) lines.push(`\t\tenv: LOG_LEVEL: value: "${['debug', 'info', 'warn'][i % 3]}"`);
  if (i % 6 === 3) lines.push(`\t\tenv: REGION: value: "eu-${i % 4}"`);
  if (i % 8 === 0) lines.push(`\t\tresources: cpu: "${100 + (i % 9) * 100}m"`);
  if (i % 9 === 0 && i % 3 === 0) lines.push(`\t\tpublic: false`);
  if (i % 3 === 2 && i % 4 === 1) lines.push(`\t\tstorage: "${1 + (i % 100)}Gi"`);
  lines.push('\t}');
  return lines.join('\n');
}

/** The whole configuration with n instances, as one CUE file. */
export function source(n) {
  const parts = [schema, 'services: {'];
  for (let i = 0; i < n; i++) parts.push(instance(i));
  parts.push('}\n');
  return parts.join('\n');
}

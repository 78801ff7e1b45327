// Workload (c): a list of N elements typed by a disjunction of ten closed struct shapes with
// defaults. Most shapes are told apart by a `kind` tag; two share a tag and are told apart
// only by which fields they allow (closedness), so the evaluator must try both.

const shapes = `#CPU: {
	kind:    "cpu"
	name:    string
	cores:   *1 | int & >=1 & <=64
	arch:    *"amd64" | "arm64"
}
#Memory: {
	kind: "memory"
	name: string
	size: *"1Gi" | =~"^[0-9]+(Mi|Gi)$"
	swap: *false | bool
}
#Disk: {
	kind:   "disk"
	name:   string
	sizeGi: int & >0
	class:  *"standard" | "fast" | "archive"
}
#Port: {
	kind:     "port"
	name:     string
	port:     int & >0 & <65536
	protocol: *"TCP" | "UDP"
}
#Env: {
	kind:   "env"
	name:   string & =~"^[A-Z][A-Z0-9_]*$"
	value:  *"" | string
	secret: *false | bool
}
#Label: {
	kind:  "label"
	name:  string
	value: string
	propagate: *true | bool
}
#Probe: {
	kind:    "probe"
	name:    string
	path:    *"/healthz" | =~"^/"
	period:  *10 | int & >=1
	timeout: *1 | int & >=1 & <=period
}
#Quota: {
	kind:  "quota"
	name:  string
	limit: number & >=0
	unit:  *"requests" | "bytes" | "seconds"
}
#PVC: {
	kind:      "volume"
	name:      string
	claimName: string
	readOnly:  *false | bool
}
#SecretVolume: {
	kind:       "volume"
	name:       string
	secretName: string
	mode:       *420 | int & >=0 & <=511
}

#Item: #CPU | #Memory | #Disk | #Port | #Env | #Label | #Probe | #Quota | #PVC | #SecretVolume

items: [...#Item]
`;

/** Element i: the tag and the required fields, some defaults overridden. */
function element(i) {
  const n = `"e${i}"`;
  switch (i % 10) {
    case 0: return i % 20 === 0 ? `{kind: "cpu", name: ${n}, cores: ${1 + (i % 64)}}` : `{kind: "cpu", name: ${n}}`;
    case 1: return `{kind: "memory", name: ${n}, size: "${1 + (i % 32)}Gi"}`;
    case 2: return `{kind: "disk", name: ${n}, sizeGi: ${10 + (i % 500)}${i % 3 === 0 ? ', class: "fast"' : ''}}`;
    case 3: return `{kind: "port", name: ${n}, port: ${1 + (i % 65000)}}`;
    case 4: return `{kind: "env", name: "VAR_${i}", value: "v${i}"}`;
    case 5: return `{kind: "label", name: ${n}, value: "l${i % 7}"}`;
    case 6: return i % 4 === 0 ? `{kind: "probe", name: ${n}, period: 30, timeout: 5}` : `{kind: "probe", name: ${n}}`;
    case 7: return `{kind: "quota", name: ${n}, limit: ${i % 1000}.5}`;
    case 8: return `{kind: "volume", name: ${n}, claimName: "pvc-${i}"}`;
    default: return `{kind: "volume", name: ${n}, secretName: "s-${i}"${i % 3 === 0 ? ', mode: 384' : ''}}`;
  }
}

/** The whole configuration with n elements, as one CUE file. */
export function source(n) {
  const parts = [shapes, 'items: ['];
  for (let i = 0; i < n; i++) parts.push(`\t${element(i)},`);
  parts.push(']\n');
  return parts.join('\n');
}

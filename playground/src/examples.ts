/** The programs the example menu offers; the first of each mode is what a fresh page shows. */
import type { SharedState } from './share.js';

export interface Example {
  readonly title: string;
  readonly state: SharedState;
}

const basics = `// Edit me: the output follows as you type.
// Try changing replicas to "three", or adding a second \`replicas: 4\`.
package app

#Service: {
	name:     string
	image:    string
	replicas: *1 | int & >=1 & <=10
	port:     *8080 | int
}

services: [Name=string]: #Service & {name: Name}

services: {
	frontend: {image: "nginx:1.27", replicas: 3, port: 80}
	api: image: "example/api:2.1"
}

ports: [for s in services {s.port}]
`;

const schemaFile = `package app

// Every config entry is checked against #Config, from another file of the package.
#Config: {
	env:      "dev" | "staging" | "prod"
	debug:    *false | bool
	replicas: int & >=1
	if env == "prod" {replicas: >=3}
}

config: #Config
`;

const valuesFile = `package app

config: {
	env:      "prod"
	replicas: 3
}
`;

const webserviceApp = `# An Application: rendered with cue-lite's built-in definitions
# (webservice, worker, task, ... and traits scaler, labels, expose, ...).
apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: shop
spec:
  components:
    - name: frontend
      type: webservice
      properties:
        image: nginx:1.27
        ports:
          - port: 80
            expose: true
      traits:
        - type: scaler
          properties:
            replicas: 2
        - type: labels
          properties:
            tier: frontend
`;

const platform = `// Platform defaults, keyed by definition name: unified with that definition's
// template before the Application's properties. Defaults (*x) may be overridden,
// plain constraints may not.
webservice: parameter: {
	cpu:    *"500m" | string
	memory: *"256Mi" | string
}
scaler: parameter: replicas: int & >=1 & <=10
`;

const customTraitApp = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: blog
spec:
  components:
    - name: site
      type: webservice
      properties:
        image: ghost:5
        ports:
          - port: 2368
      traits:
        - type: team-owner   # defined in definitions.cue
          properties:
            team: content
`;

const customTrait = `// A trait of our own, in vela def's CUE format.
"team-owner": {
	type:        "trait"
	description: "Labels the workload with its owning team."
	attributes: appliesToWorkloads: ["*"]
}

template: {
	patch: metadata: labels: "example.com/team": parameter.team
	parameter: team: string & =~"^[a-z][a-z0-9-]*$"
}
`;

export const examples: readonly Example[] = [
  { title: 'CUE: definitions, defaults, comprehensions', state: { mode: 'cue', files: [{ name: 'main.cue', text: basics }] } },
  {
    title: 'CUE: two files of one package',
    state: {
      mode: 'cue',
      files: [
        { name: 'schema.cue', text: schemaFile },
        { name: 'values.cue', text: valuesFile },
      ],
    },
  },
  {
    title: 'Render: a webservice with traits and a platform file',
    state: {
      mode: 'render',
      files: [
        { name: 'app.yaml', text: webserviceApp },
        { name: 'platform.cue', text: platform },
      ],
    },
  },
  {
    title: 'Render: a trait definition of our own',
    state: {
      mode: 'render',
      files: [
        { name: 'app.yaml', text: customTraitApp },
        { name: 'definitions.cue', text: customTrait },
      ],
    },
  },
];

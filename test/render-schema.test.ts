/**
 * `parameterSchema` / `cue-lite schema`: a definition's parameter as JSON Schema, including
 * the constraints KubeVela's encoder fails on (kubevela#5767, PR #7373, cue#2259).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parameterSchema, parseDefinitionFile } from '../src/render/index.js';

const schemaOf = (template: string) =>
  parameterSchema(parseDefinitionFile('d.cue', `d: {\n\ttype: "trait"\n\tdescription: "t"\n}\ntemplate: {\n${template}\n}\n`)[0]!);

describe('parameterSchema', () => {
  it('gives titles, types, defaults, enums, bounds, patterns and descriptions', () => {
    const s = schemaOf(`
	parameter: {
		// +usage=How many
		replicas: *1 | int & >=0 & <100
		mode: *"fast" | "safe" | "slow"
		name: =~"^[a-z]+$"
		ratio?: >0.5
		labels?: [string]: string
	}`);
    expect(s).toEqual({
      type: 'object',
      properties: {
        replicas: { title: 'replicas', type: 'integer', minimum: 0, exclusiveMaximum: 100, default: 1, description: 'How many' },
        mode: { title: 'mode', type: 'string', enum: ['fast', 'safe', 'slow'], default: 'fast' },
        name: { title: 'name', type: 'string', pattern: '^[a-z]+$' },
        ratio: { title: 'ratio', type: 'number', exclusiveMinimum: 0.5 },
        labels: { title: 'labels', type: 'object', properties: {}, additionalProperties: { type: 'string' } },
      },
      required: ['name'],
    });
  });

  it('degrades instead of failing on the constraints KubeVela cannot encode', () => {
    const s = schemaOf(`
	#a: {x: int}
	#b: {y: string}
	parameter: {
		timeout: *30 | >=1 & <=3599 & int
		id: string & !=""
		shape: *#a | #b
	}`);
    const p = s.properties as Record<string, any>;
    expect(p.timeout).toEqual({ title: 'timeout', type: 'integer', minimum: 1, maximum: 3599, default: 30 });
    expect(p.id).toEqual({ title: 'id', type: 'string' });
    expect(p.shape.oneOf).toHaveLength(2);
    expect(s.required).toEqual(['id', 'shape']);
  });

  it('lists as required only fields with neither a default nor ?, and follows definitions in lists', () => {
    const s = schemaOf(`
	#Port: {
		port: int
		protocol: *"TCP" | "UDP"
	}
	parameter: {
		image: string
		ports?: [...#Port]
		cpu: {type: *"Utilization" | "AverageValue", value: *50 | int}
	}`);
    expect(s.required).toEqual(['image']);
    expect((s.properties as any).ports.items.required).toEqual(['port']);
  });
});

describe('cue-lite schema', () => {
  it('prints the schema of a built-in definition', async () => {
    let out = '';
    const code = await main(['schema', 'scaler'], { stdout: (s) => (out += s), stderr: () => {}, cwd: process.cwd() });
    expect(code).toBe(0);
    expect(JSON.parse(out).properties.replicas).toMatchObject({ type: 'integer', default: 1, minimum: 0 });
  });
  it('fails cleanly on a missing file', async () => {
    let err = '';
    const code = await main(['schema', 'nope.cue'], { stdout: () => {}, stderr: (s) => (err += s), cwd: process.cwd() });
    expect(code).toBe(1);
    expect(err).toContain('no such file or built-in definition');
  });
});

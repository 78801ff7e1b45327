/**
 * KubeVela patches the workload before its defaults are taken: a trait may replace a field that
 * took the template's default, with a value the field allows; two traits that disagree conflict.
 */
import { describe, expect, it } from 'vitest';
import { RenderError, loadDefinitions, renderComponent } from '../src/index.js';

const defs = loadDefinitions([
  {
    name: 'defs/box.cue',
    text: `box: {
	type: "component"
	attributes: workload: definition: {apiVersion: "apps/v1", kind: "Deployment"}
}
template: {
	parameter: {}
	output: {
		apiVersion: "apps/v1"
		kind:       "Deployment"
		spec: replicas: *1 | int & <=10
		spec: paused:   false
	}
}
`,
  },
  {
    name: 'defs/bump.cue',
    text: `bump: {
	type: "trait"
}
template: {
	parameter: n: int
	patch: spec: replicas: parameter.n
}
`,
  },
  {
    name: 'defs/pause.cue',
    text: `pause: {
	type: "trait"
}
template: {
	parameter: {}
	patch: spec: paused: true
}
`,
  },
]);

const spec = (traits: { type: string; properties?: Record<string, unknown> }[]) =>
  (renderComponent({ name: 'b', type: 'box', properties: {}, traits }, { definitions: defs }).objects[0]!.object as { spec: unknown }).spec;

describe('trait patches over template defaults', () => {
  it('replace a defaulted field', () => {
    expect(spec([])).toEqual({ replicas: 1, paused: false });
    expect(spec([{ type: 'bump', properties: { n: 3 } }])).toEqual({ replicas: 3, paused: false });
  });

  it('still conflict with a value the field does not allow, with a concrete field, and with each other', () => {
    expect(() => spec([{ type: 'bump', properties: { n: 11 } }])).toThrow(RenderError);
    expect(() => spec([{ type: 'pause' }])).toThrow(/conflicting values true and false/);
    expect(() => spec([{ type: 'bump', properties: { n: 3 } }, { type: 'bump', properties: { n: 4 } }])).toThrow(/conflicting values 4 and 3/);
  });
});

/**
 * Opaque stubs of KubeVela's `vela/*` providers (src/render/vela-stubs.ts), used by `vet` of a
 * definition file: templates that import them are checked without running anything;
 * `Context.addPackage` makes such a package importable; `Value.sources()` names where a value
 * was written.
 */
import { describe, expect, it } from 'vitest';
import { Context } from '../src/index.js';
import { vetDefinition, velaStubSource } from '../src/render/index.js';

const step = (body: string) => `import (
	"vela/kube"
	b "vela/builtin"
)

"apply-cm": {
	type: "workflow-step"
	description: "Applies a ConfigMap."
}
template: {
${body}
}
`;

describe('vela/* stubs', () => {
  it('a stub declares the names the template selects, definitions as open structs', () => {
    expect(velaStubSource('kube', ['#Apply', 'x', '#Apply'])).toBe('package kube\n\n#Apply: {...}\nx: _\n');
  });

  it('vet checks a workflow step through stubs: parameter errors are still found', () => {
    const ok = step(`	apply: kube.#Apply & {$params: value: {kind: "ConfigMap", metadata: name: parameter.name}}
	wait: b.#ConditionalWait & {$params: continue: apply.$returns.value.status != _|_}
	parameter: name: string`);
    expect(vetDefinition('step.cue', ok)).toEqual([]);
    const bad = step(`	apply: kube.#Apply & {$params: value: {kind: "ConfigMap", metadata: name: parameter.name}}
	wait: b.#ConditionalWait
	parameter: name: string & 5`);
    expect(vetDefinition('step.cue', bad).map((e) => e.message)).toEqual(['conflicting values string and 5 (mismatched types string and int)']);
  });

  it('Context.addPackage: vela/* may be given, the standard library may not be replaced', () => {
    const ctx = new Context();
    expect(ctx.addPackage('vela/kube', 'package kube\n#Read: {$params: {...}}\n')).toEqual([]);
    const v = ctx.compile('import "vela/kube"\nr: kube.#Read & {$params: name: "x"}\n');
    expect(v.lookupPath('r.$params.name').toJS()).toBe('x');
    expect(ctx.addPackage('strings', 'package strings\n')[0]!.message).toMatch(/standard-library path/);
    // Without a stub, a vela/* import is an error, as in rendering.
    expect(new Context().compile('import "vela/kube"\nr: kube.#Read\n').validate()[0]!.message).toMatch(/not available in cue-lite/);
  });
});

describe('Value.sources', () => {
  it('names the literal that gave the value, then the expressions declaring it', () => {
    const ctx = new Context();
    const v = ctx.compile('p: image: "nginx"\nout: image: p.image\n', { filename: 't.cue' });
    const spans = v.lookupPath('out.image').sources().map((s) => `${s.src.name}:${s.src.position(s.start).line}:${s.src.position(s.start).column}`);
    // The literal in p, the selection that declares out.image, the field itself.
    expect(spans).toEqual(['t.cue:1:11', 't.cue:2:15', 't.cue:2:6']);
    expect(v.lookupPath('nope').sources()).toEqual([]);
  });
});

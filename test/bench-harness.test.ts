// The benchmark's own pieces (bench/): the JSON check that compares engines, the growth
// exponent, and the generated workloads (deterministic, valid CUE that means what the table
// says it means). The benchmark itself is not run here (`npm run bench`, minutes).
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import { canonicalJSON, firstDifference } from '../bench/lib/engines.mjs';
// @ts-expect-error plain ESM module without types
import { growthExponent } from '../bench/lib/measure.mjs';
// @ts-expect-error plain ESM module without types
import * as services from '../bench/gen/services.mjs';
// @ts-expect-error plain ESM module without types
import * as shapes from '../bench/gen/shapes.mjs';
// @ts-expect-error plain ESM module without types
import * as webservice from '../bench/gen/webservice.mjs';
import { Context } from '../src/index.js';

describe('bench harness', () => {
  it('compares JSON with field order ignored, values and list order not', () => {
    expect(canonicalJSON('{"b": 1, "a": {"y": [2, 1], "x": 1.0}}')).toBe(canonicalJSON('{"a":{"x":1,"y":[2,1]},"b":1}'));
    expect(canonicalJSON('{"a": [1, 2]}')).not.toBe(canonicalJSON('{"a": [2, 1]}'));
    expect(canonicalJSON('{"a": "1"}')).not.toBe(canonicalJSON('{"a": 1}'));
    expect(firstDifference('{"a":1,"b":2}', '{"a":1,"b":3}')).toContain('"b":2');
  });

  it('growth exponent: 1 for linear, 2 for quadratic', () => {
    expect(growthExponent(10, 50, 1000, 5000)).toBeCloseTo(1, 10);
    expect(growthExponent(10, 250, 1000, 5000)).toBeCloseTo(2, 10);
  });
});

describe('bench workloads', () => {
  it('(b) services: deterministic, and every instance gets the schema (defaults, computed host, if)', () => {
    expect(services.source(30)).toBe(services.source(30));
    const out = new Context().compile(services.source(30)).toJS() as { services: Record<string, Record<string, unknown>> };
    const names = Object.keys(out.services);
    expect(names).toHaveLength(30);
    const s1 = out.services['svc-00001']!;
    expect(s1.name).toBe('svc-00001');
    expect(s1.replicas).toBe(2); // the schema's default
    expect(s1.host).toBe('svc-00001.team-1.svc.cluster.local');
    expect(out.services['svc-00000']!.public).toBe(false); // frontend: the `if` adds `public`, instance 0 overrides it
    expect(out.services['svc-00002']!.storage).toBe('10Gi'); // data tier default
  });

  it('(c) shapes: the disjunction picks one shape per element, closedness tells the two volumes apart', () => {
    expect(shapes.source(20)).toBe(shapes.source(20));
    const out = new Context().compile(shapes.source(20)).toJS() as { items: Record<string, unknown>[] };
    expect(out.items).toHaveLength(20);
    expect(out.items[1]).toEqual({ kind: 'memory', name: 'e1', size: '2Gi', swap: false });
    expect(out.items[8]).toEqual({ kind: 'volume', name: 'e8', claimName: 'pvc-8', readOnly: false });
    expect(out.items[9]).toEqual({ kind: 'volume', name: 'e9', secretName: 's-9', mode: 384 });
  });

  it('(a) webservice: compile once, fill fresh parameters, same result as compiling the whole render', () => {
    const ctx = new Context();
    const tpl = ctx.compile(webservice.template);
    expect(tpl.validate()).toEqual([]);
    for (const i of [0, 1, 5, 13]) {
      const filled = tpl.fillPath('parameter', webservice.parameters(i)).fillPath('context', webservice.context(i)).exportJSON();
      const whole = new Context().compile(webservice.renderSource(i)).exportJSON();
      expect(canonicalJSON(filled)).toBe(canonicalJSON(whole));
    }
    const r = tpl.fillPath('parameter', webservice.parameters(5)).fillPath('context', webservice.context(5)).toJS() as {
      output: { spec: Record<string, unknown> };
      outputs: Record<string, unknown>;
    };
    // i = 5: autoscaled (no replicas in the Deployment, an HPA output), no exposed port.
    expect(r.output.spec.replicas).toBeUndefined();
    expect(Object.keys(r.outputs)).toEqual(['hpa']);
  });
});

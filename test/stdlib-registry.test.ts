/** The stdlib registry, its "did you mean" helpers, plain-value equality and the generated CUE sources. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Context } from '../src/index.js';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../src/plain/decimal.js';
import { CueFloat, PlainStruct } from '../src/plain/plain-value.js';
import { plainEqual } from '../src/stdlib/plain-equal.js';
import {
  closeMatches,
  didYouMean,
  editDistance,
  lookupBuiltin,
  lookupPackage,
  packagePaths,
  suggestMember,
  suggestPackage,
} from '../src/stdlib/registry.js';
import { BuiltinError } from '../src/plain/builtin.js';

const f = (t: string) => new CueFloat(new Decimal(t), t);

describe('registry', () => {
  it('finds packages by import path and caches them', () => {
    const a = lookupPackage('strings');
    expect(a?.path).toBe('strings');
    expect(lookupPackage('strings')).toBe(a);
    expect(lookupPackage('nope')).toBeUndefined();
    expect(lookupPackage('__proto__')).toBeUndefined();
    expect(lookupPackage('toString')).toBeUndefined();
  });

  it('every package reports its own path, and every function declares params, result and doc', () => {
    for (const p of packagePaths()) {
      const pkg = lookupPackage(p)!;
      expect(pkg.path).toBe(p);
      for (const [name, fn] of Object.entries(pkg.funcs)) {
        expect(/^[A-Z]\w*$/.test(name), `${p}.${name}`).toBe(true);
        expect(fn.doc.length, `${p}.${name}`).toBeGreaterThan(2);
        expect(fn.params.length, `${p}.${name}`).toBeGreaterThan(0);
      }
    }
  });

  it('attaches the CUE-written half of list', () => {
    expect(lookupPackage('list')?.cue).toMatch(/Ascending:/);
    expect(lookupPackage('strings')?.cue).toBeUndefined();
  });

  it('looks up builtins, not inherited properties', () => {
    expect(lookupBuiltin('strings', 'ToUpper')?.call(['abc'])).toBe('ABC');
    expect(lookupBuiltin('strings', 'constructor')).toBeUndefined();
    expect(lookupBuiltin('nope', 'X')).toBeUndefined();
  });

  it('suggests close package and member names', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    // A swap of two adjacent characters is one edit (optimal string alignment).
    expect(editDistance('imgae', 'image')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abc', 'ca')).toBe(3);
    expect(closeMatches('imgae', ['image', 'imagePullPolicy'])).toEqual(['image']);
    expect(suggestPackage('string')).toContain('strings');
    expect(suggestPackage('base64')).toEqual(['encoding/base64']);
    expect(suggestMember('strings', 'ToUper')).toEqual(['ToUpper']);
    expect(suggestMember('strings', 'tolower')).toEqual(['ToLower']);
    expect(suggestMember('math', 'PI')[0]).toBe('Pi');
    expect(suggestMember('strings', 'Zzzzzzzz')).toEqual([]);
    expect(closeMatches('ab', ['abc', 'xyz'])).toEqual(['abc']);
    expect(didYouMean(['a'])).toBe('did you mean a?');
    expect(didYouMean(['a', 'b', 'c'])).toBe('did you mean one of a, b or c?');
    expect(didYouMean([])).toBe('');
  });

  it('raw builtins are registered with their implementation, beside their package', () => {
    const raw: string[] = [];
    for (const p of packagePaths()) {
      for (const [name, fn] of Object.entries(lookupPackage(p)!.funcs)) {
        if (fn.raw === undefined) continue;
        raw.push(`${p}.${name}`);
        expect(typeof fn.raw, `${p}.${name}`).toBe('function');
        expect(fn.call, `${p}.${name}`).toBeUndefined();
      }
    }
    expect(raw.sort()).toEqual([
      'encoding/json.Validate',
      'encoding/yaml.Validate',
      'encoding/yaml.ValidatePartial',
      'list.IsSorted',
      'list.MatchN',
      'list.MinItems',
      'list.Sort',
      'list.SortStable',
      'struct.MaxFields',
      'struct.MinFields',
    ]);
  });

  it('every raw builtin runs through the evaluator', () => {
    const v = new Context().compile(`
import ("list", "struct", "encoding/json", "encoding/yaml")
sorted: list.Sort([3, 1, 2], list.Ascending)
stable: list.SortStable([{k: 1, v: "a"}, {k: 0, v: "b"}, {k: 1, v: "c"}], {x: _, y: _, less: x.k < y.k})
isSorted: list.IsSorted([1, 2, 3], list.Ascending)
notSorted: list.IsSorted([2, 1], list.Ascending)
matchN: list.MatchN([1, "a", 2], int, 2)
minFields: struct.MinFields({a: 1, b: 2}, 2)
maxFields: struct.MaxFields({a: 1, b: 2}, 1)
jsonValid: json.Validate("{\\"a\\": 1}", {a: int})
yamlValid: yaml.Validate("a: 1", {a: int})
yamlPartial: yaml.ValidatePartial("a: 1", {a: int, b: string})
`);
    expect(v.toJS()).toEqual({
      sorted: [1, 2, 3],
      stable: [
        { k: 0, v: 'b' },
        { k: 1, v: 'a' },
        { k: 1, v: 'c' },
      ],
      isSorted: true,
      notSorted: false,
      matchN: true,
      minFields: true,
      maxFields: false,
      jsonValid: true,
      yamlValid: true,
      yamlPartial: true,
    });
    const bad = new Context().compile('import "encoding/json"\nx: json.Validate("{\\"a\\": \\"s\\"}", {a: int})\n');
    // CUE v0.4.3 names the values in the other order (int and "s"); the message itself is the point here.
    expect(bad.validate().map((e) => e.message)).toEqual(['error in call to encoding/json.Validate: conflicting values "s" and int (mismatched types string and int)']);
  });

  it('a comparator struct without less is a fatal error, even for an empty list (pinned eval_notexistfatal)', () => {
    const v = new Context().compile('import "list"\na: list.Sort([1, 2], {})\nb: list.Sort([], {x: _, y: _})\nc: list.Sort([2, 1], {x: _, y: _, less: x < y})\n');
    expect(v.validate().map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([
      'a: error in call to list.Sort: field not found: less',
      'b: error in call to list.Sort: field not found: less',
    ]);
    expect(v.lookupPath('c').toJS()).toEqual([1, 2]);
  });
});

describe('builtins never crash on odd values', () => {
  const odd = [null, true, '', 'x', -1n, 0n, 2n ** 70n, -(2n ** 70n), f('-1.5'), f('1e400'), new Uint8Array([0xff]), [], [1n, 'a'], new PlainStruct([['a', 1n]])];
  it('every pure function, given arguments of every kind, returns or throws BuiltinError', () => {
    let calls = 0;
    for (const p of packagePaths()) {
      const pkg = lookupPackage(p)!;
      for (const [name, fn] of Object.entries(pkg.funcs)) {
        if (fn.raw) continue;
        for (const a of odd) {
          for (const b of odd) {
            const args = fn.params.map((_, i) => (i === 0 ? a : i === 1 ? b : -1n));
            calls++;
            try {
              fn.call(args);
            } catch (e) {
              if (!(e instanceof BuiltinError)) throw new Error(`${p}.${name}(${args.map(String).join(', ')}) threw ${String(e)}`);
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
  });
});

describe('plainEqual', () => {
  it('compares structurally', () => {
    expect(plainEqual(new PlainStruct([['a', 1n], ['b', [f('1.5')]]]), new PlainStruct([['b', [f('1.50')]], ['a', 1n]]))).toBe(true);
    expect(plainEqual(new PlainStruct([['a', 1n]]), new PlainStruct([['a', 1n], ['b', null]]))).toBe(false);
    expect(plainEqual(1n, f('1.0'))).toBe(false);
    expect(plainEqual([1n, 'a'], [1n, 'a'])).toBe(true);
    expect(plainEqual([1n], [1n, 2n])).toBe(false);
    expect(plainEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(plainEqual(new Uint8Array([1, 2]), 'ab')).toBe(false);
    expect(plainEqual(null, null)).toBe(true);
    expect(plainEqual(null, false)).toBe(false);
  });
});

describe('generated CUE sources', () => {
  it('src/stdlib/cue-sources.generated.ts is up to date with stdlib/**/*.cue', () => {
    const script = path.join(__dirname, '..', 'scripts', 'gen-stdlib.mjs');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

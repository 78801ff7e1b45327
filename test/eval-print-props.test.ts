/**
 * `cue-lite eval` prints CUE that parses back to the same value: on random programs of
 * values (literals with line breaks and quotes, types, predeclared ranges, bounds,
 * disjunctions with defaults, references that stay non-concrete, validators of imported
 * packages, open and closed lists, definitions, hidden and optional fields, patterns), the
 * printed text parses without error, evaluates without error, and prints again to the same
 * text; when the value is concrete, both export to the same JSON. Fixed seed, bounded runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Context } from '../src/index.js';

const runs = { seed: Number(process.env.PROPS_SEED ?? 20261207), numRuns: Number(process.env.PROPS_RUNS ?? 250) };

const names = ['a', 'b', 'c', 'x', 'y'];
const field = fc.constantFrom(...names);

const str = fc
  .array(fc.constantFrom('a', 'b', ' ', '\\n', '\\t', '\\"', '"""', '\\\\', 'é', '#', '\\(', ')'), { maxLength: 6 })
  .map((cs) => '"' + cs.join('').replace(/\\\(/g, '\\\\(').replace(/"""/g, '\\"\\"\\"') + '"');
const bytes = fc.array(fc.constantFrom('a', '\\n', '\\x00', '\\xff', "\\'"), { maxLength: 4 }).map((cs) => "'" + cs.join('') + "'");
const scalar = fc.oneof(
  fc.constantFrom('1', '-2', '1.5', '0.25', 'true', 'null', '3e2'),
  str,
  bytes,
  fc.constantFrom('int', 'string', 'number', 'bool', 'bytes', 'int64', 'uint8', 'int32', 'float', '_', 'null | int'),
  fc.constantFrom('>=1 & <=10', '>0', '<5.5', '!="x"', '=~"^a"', 'int & >=0 & <100', 'string & !=""'),
  fc.constantFrom('*1 | 2', '"a" | "b"', '*"x" | string', '*2 | int', 'int | string'),
  fc.constantFrom('strings.MinRunes(3)', 'list.MinItems(1)', 'strings.HasPrefix("a")'),
);

function value(depth: number): fc.Arbitrary<string> {
  if (depth <= 0) return scalar;
  const sub = value(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(sub, { maxLength: 3 }).map((es) => '[' + es.join(', ') + ']') },
    { weight: 1, arbitrary: fc.tuple(fc.array(sub, { maxLength: 2 }), fc.constantFrom('...', '...int', '...string')).map(([es, rest]) => '[' + [...es, rest].join(', ') + ']') },
    { weight: 2, arbitrary: struct(depth - 1) },
    { weight: 1, arbitrary: fc.tuple(field, fc.constantFrom(' + 1', '', ' & int')).map(([f, op]) => f + op) },
    // References to the program's non-concrete `n: int` and `s: string`, which stay as written.
    { weight: 1, arbitrary: fc.constantFrom('n + 1', '"\\(s)-x"', 'n', '[n, 1]', 's & =~"^a"', '{k: n * 2}') },
  );
}

function struct(depth: number): fc.Arbitrary<string> {
  const decl = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(field, fc.constantFrom('', '?', '#', '_'), value(depth)).map(([f, kind, v]) =>
        kind === '?' ? `${f}?: ${v}` : kind === '#' ? `#${f.toUpperCase()}: ${v}` : kind === '_' ? `_${f}: ${v}` : `${f}: ${v}`,
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom('[string]: _', '[=~"^z"]: int') },
    // A comprehension, waiting when the field is not concrete (printed as written).
    { weight: 1, arbitrary: fc.tuple(field, field).map(([f, g]) => `if ${f} == 1 {z: ${g}}`) },
  );
  return fc.array(decl, { minLength: 0, maxLength: 4 }).map((ds) => '{' + ds.join(', ') + '}');
}

const program = fc.array(fc.tuple(field, value(2)), { minLength: 1, maxLength: 5 }).map((fs) => {
  const body = fs.map(([f, v]) => `${f}: ${v}`).join('\n') + '\n';
  // Only the packages used: an unused import is an error.
  const pkgs = ['list', 'strings'].filter((p) => body.includes(p + '.'));
  return pkgs.map((p) => `import "${p}"\n`).join('') + '\nn: int\ns: string\n' + body;
});

const opts = { final: true, definitions: true, hidden: true, optional: true };

describe('eval output parses back to the same value', () => {
  it('print, parse, evaluate, print again gives the same text; concrete values export alike', () => {
    const ctx = new Context();
    let checked = 0;
    fc.assert(
      fc.property(program, (src) => {
        const v = ctx.compile(src, { filename: 'in.cue' });
        // Programs that fail (conflicts, cycles) are not what this property is about.
        if (v.validate().length > 0) return;
        const printed = v.exportCUE(opts);
        const back = ctx.compile(printed, { filename: 'printed.cue' });
        expect(back.validate(), `printed:\n${printed}\nfrom:\n${src}`).toEqual([]);
        expect(back.exportCUE(opts), `from:\n${src}`).toBe(printed);
        if (v.validate({ concrete: true }).length === 0) expect(back.exportJSON(), printed).toBe(v.exportJSON());
        checked++;
      }),
      runs,
    );
    // The generator must produce mostly valid programs, or the property tests little.
    expect(checked).toBeGreaterThan(runs.numRuns / 3);
  });

  it('a field printed on its own (eval -e) is self-contained: what it refers to outside comes as lets', () => {
    const ctx = new Context();
    let checked = 0;
    let withLets = 0;
    fc.assert(
      fc.property(program, (src) => {
        const v = ctx.compile(src, { filename: 'in.cue' });
        if (v.validate().length > 0) return;
        for (const f of [...names, 'n', 's']) {
          const x = v.lookupPath(f);
          if (!x.exists()) continue;
          let printed: string;
          try {
            printed = x.exportCUE({ ...opts, selfContained: true });
          } catch {
            continue; // an error value is reported, not printed
          }
          const back = ctx.compile(printed, { filename: 'printed.cue' });
          // Parses, and every reference in it resolves (no "reference not found").
          expect(back.validate(), `printed:\n${printed}\nfrom:\n${src}`).toEqual([]);
          // The same data (a float computed as 301 prints as 301.0, its JSON text may differ).
          if (x.validate({ concrete: true }).length === 0) expect(JSON.parse(back.exportJSON()), printed).toEqual(JSON.parse(x.exportJSON()));
          if (printed.includes('\nlet ')) withLets++;
          checked++;
        }
      }),
      runs,
    );
    expect(checked).toBeGreaterThan(runs.numRuns / 2);
    // References out of a field are common in these programs: the lets are exercised.
    expect(withLets).toBeGreaterThan(10);
  });
});

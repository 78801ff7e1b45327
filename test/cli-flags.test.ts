/** The shared flag parser and YAML document splitter of the CLI (src/cli/flags.ts, inputs.ts). */
import { describe, expect, it } from 'vitest';
import { type FlagSpec, formatFlagHelp, parseFlags } from '../src/cli/flags.js';
import { splitYAMLDocuments } from '../src/cli/inputs.js';
import { Context } from '../src/index.js';

const specs: FlagSpec[] = [
  { name: 'expression', short: 'e', kind: 'list', help: 'expr' },
  { name: 'concrete', short: 'c', kind: 'bool', help: 'concrete' },
  { name: 'all', short: 'a', kind: 'bool', help: 'all' },
  { name: 'out', kind: 'string', help: 'format', default: 'json' },
  { name: 'outfile', short: 'o', kind: 'string', help: 'file' },
];

describe('parseFlags', () => {
  it('reads long and short forms, interleaved with arguments', () => {
    const f = parseFlags(['a.cue', '-e', 'x', '--expression=y', '-ez', '-e=w', 'b.cue', '--out', 'yaml', '-o', 'f.json', '-'], specs);
    expect(f.list('expression')).toEqual(['x', 'y', 'z', 'w']);
    expect(f.string('out')).toBe('yaml');
    expect(f.string('outfile')).toBe('f.json');
    expect(f.args).toEqual(['a.cue', 'b.cue', '-']);
  });

  it('combines bool shorthands and accepts explicit bool values', () => {
    const f = parseFlags(['-ca'], specs);
    expect(f.bool('concrete') && f.bool('all')).toBe(true);
    const g = parseFlags(['-c=false', '--all=true'], specs);
    expect(g.bool('concrete')).toBe(false);
    expect(g.changed.has('concrete')).toBe(true);
    expect(g.bool('all')).toBe(true);
    expect(parseFlags([], specs).changed.has('concrete')).toBe(false);
  });

  it('a value may start with a dash; -- ends the flags', () => {
    expect(parseFlags(['-e', '-1'], specs).list('expression')).toEqual(['-1']);
    expect(parseFlags(['--', '-c', '--x'], specs).args).toEqual(['-c', '--x']);
  });

  it('keeps defaults and reports help', () => {
    expect(parseFlags([], specs).string('out')).toBe('json');
    expect(parseFlags(['-h'], specs).help).toBe(true);
    expect(parseFlags(['--help'], specs).help).toBe(true);
  });

  it("uses pflag's wording for mistakes", () => {
    expect(() => parseFlags(['--bogus'], specs)).toThrow('unknown flag: --bogus');
    expect(() => parseFlags(['--bogus=1'], specs)).toThrow('unknown flag: --bogus');
    expect(() => parseFlags(['-cz'], specs)).toThrow("unknown shorthand flag: 'z' in -cz");
    expect(() => parseFlags(['--out'], specs)).toThrow('flag needs an argument: --out');
    expect(() => parseFlags(['-e'], specs)).toThrow("flag needs an argument: 'e' in -e");
    expect(() => parseFlags(['-c=maybe'], specs)).toThrow('invalid argument "maybe" for "-c, --concrete" flag');
  });

  it('lists every flag in the help text', () => {
    const h = formatFlagHelp(specs);
    expect(h).toContain('  -e, --expression string');
    expect(h).toContain('      --out string');
    expect(h).toContain('(default "json")');
    expect(h).toContain('  -h, --help');
  });
});

describe('splitYAMLDocuments', () => {
  const ctx = new Context();
  const values = (text: string) => splitYAMLDocuments('d.yaml', text).map((d) => ctx.compile(d).toJS());

  it('returns one document unchanged', () => {
    expect(splitYAMLDocuments('d.yaml', 'a: 1\n')).toEqual([{ name: 'd.yaml', text: 'a: 1\n', kind: 'yaml' }]);
  });

  it('splits at --- and ..., dropping empty documents and keeping line numbers', () => {
    const docs = splitYAMLDocuments('d.yaml', '# c\n---\na: 1\n...\n---\nb: 2\n--- 3\n');
    expect(docs.map((d) => ctx.compile(d).toJS())).toEqual([{ a: 1 }, { b: 2 }, 3]);
    expect(docs[1]!.text.split('\n')[5]).toBe('b: 2');
    expect(values('---\n- x\n')).toEqual([['x']]);
  });

  it('does not split at --- inside a line or indented', () => {
    expect(values('a: "x --- y"\nb: |\n  ---\n')).toEqual([{ a: 'x --- y', b: '---\n' }]);
  });
});

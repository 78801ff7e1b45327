/**
 * `cue-lite def` laid out as the pinned cue's exporter prints it (its def_* scripts): comments,
 * blank lines, imports, and `-e` of a definition.
 */
import { describe, expect, it } from 'vitest';
import { cliRunner, fileWriter, useTempDir } from './helpers/cli-sandbox.js';

let dir: string;
useTempDir('cue-lite-def-', (d) => (dir = d));
const cli = cliRunner(undefined, () => dir);
const write = fileWriter(() => dir);

describe('cue-lite def layout', () => {
  it('drops line comments and blank lines, keeps doc comments (def_basic, def_issue2251)', async () => {
    write('a.cue', '#A: {\n\t// doc of a\n\ta: int\n\tb: { c: int } // gone\n}\n\nx: 1\n\n\ny: 2\n');
    expect(await cli(['def', 'a.cue'])).toEqual({ code: 0, stdout: '#A: {\n\t// doc of a\n\ta: int\n\tb: c: int\n}\nx: 1\ny: 2\n', stderr: '' });
  });

  it('keeps the file comments before the first declaration, drops detached ones later (def_comments)', async () => {
    write('c.cue', '// file\n\n// doc of d\nd:   1\n\n// detached\n\ndi:  1\n');
    expect((await cli(['def', 'c.cue'])).stdout).toBe('// file\n\n// doc of d\nd:  1\ndi: 1\n');
  });

  it('a documented field after another starts a section; imports print as one block (def_inline)', async () => {
    write('i.cue', 'import "list"\nimport "strings"\n\nv: strings.ToUpper("x")\n// doc\nrun: list.Comparer\n');
    expect((await cli(['def', 'i.cue'])).stdout).toBe('import (\n\t"list"\n\t"strings"\n)\n\nv: strings.ToUpper("x")\n\n// doc\nrun: list.Comparer\n');
  });

  it('a doc comment above a field chain documents its last field (def_comments fieldchain)', async () => {
    write('f.cue', '// doc on command\ncommand: help: {\n\tx: 1\n\ty: 2\n}\n');
    expect((await cli(['def', 'f.cue'])).stdout).toBe('command: {\n\t// doc on command\n\thelp: {\n\t\tx: 1\n\t\ty: 2\n\t}\n}\n');
  });

  it('-e of a definition wraps it as _#def, simplified (def_issue4350)', async () => {
    write('s.cue', '#Schema: {\n\ta?: string\n\tb?: b2?: string\n}\nplain: {x: {y: 1}}\n');
    expect((await cli(['def', '-e', '#Schema', 's.cue'])).stdout).toBe('_#def\n_#def: {\n\ta?: string\n\tb?: b2?: string\n}\n');
    expect((await cli(['def', '-e', 'plain', 's.cue'])).stdout).toBe('x: y: 1\n');
  });

  it('--out cue is the default; cue+compact prints one line without comments (export_compact)', async () => {
    write('c.cue', '// the a field\na: 1\nb: {x: 1, y: 2, zw: 3}\n// doc\nlist: [1, 2, 3] // trailing\n');
    const plain = await cli(['def', 'c.cue']);
    expect(await cli(['def', '--out', 'cue', 'c.cue'])).toEqual(plain);
    expect(plain.stdout).toBe('// the a field\na: 1\nb: {\n\tx:  1\n\ty:  2\n\tzw: 3\n}\n\n// doc\nlist: [1, 2, 3]\n');
    expect(await cli(['def', '--out', 'cue+compact', 'c.cue'])).toEqual({ code: 0, stdout: 'a: 1, b: {x: 1, y: 2, zw: 3}, list: [1, 2, 3]\n', stderr: '' });
    expect((await cli(['def', '--out', 'json', 'c.cue'])).stderr).toBe('Error: unsupported output format "json" (only cue)\n');
  });

  it('-d with CUE files only is an error (def_issue4350)', async () => {
    write('s.cue', '#Schema: {a?: string}\n');
    expect(await cli(['def', '-d', '#Schema', 's.cue'])).toEqual({ code: 1, stdout: '', stderr: '-d/--schema flag requires non-CUE input files\n' });
  });
});

/**
 * `cue-lite lsp` driven as an editor drives it: the real binary (bin/cue-lite.js over fresh
 * copies of the two bundles, built here with scripts/bundles.mjs so that a concurrent
 * `npm run build` cannot pull dist/ away), JSON-RPC over stdio, one server process for the
 * whole file. Every wait for a notification has a 10 s guard; nothing sleeps.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript helpers
import { LspClient } from './helpers/lsp-client.mjs';
import { applyEdits } from './helpers/text-edits.js';
import type { TextEdit } from 'vscode-languageserver';
// @ts-expect-error: plain JavaScript build script
import { bundleCli, bundleLsp } from '../scripts/bundles.mjs';

const root = path.join(import.meta.dirname, '..');
let copy: string;
let work: string;
let client: InstanceType<typeof LspClient>;
const uri = (name: string) => pathToFileURL(path.join(work, name)).href;

interface Diag {
  range: { start: { line: number; character: number } };
  message: string;
  relatedInformation?: { location: { uri: string } }[];
}
interface Loc {
  uri: string;
  range: { start: { line: number; character: number } };
}

const fileA = `package app

#Service: {
	// The port the service listens on.
	port: int & >0 & <65536 | *8080
	name: string
	replicas?: int
}

x: #Service & {
	name: "web"
}
total: x.port + 1
`;
const fileB = `package app

import "strings"

y:     x.port
z:     x.nope
upper: strings.ToUpper(x.name)
`;

beforeAll(async () => {
  copy = mkdtempSync(path.join(tmpdir(), 'cue-lite-lsp-bin-'));
  mkdirSync(path.join(copy, 'dist'));
  await bundleCli(root, path.join(copy, 'dist'));
  await bundleLsp(root, path.join(copy, 'dist'));
  cpSync(path.join(root, 'bin'), path.join(copy, 'bin'), { recursive: true });
  cpSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
  work = mkdtempSync(path.join(tmpdir(), 'cue-lite-lsp-'));
  writeFileSync(path.join(work, 'a.cue'), fileA);
  writeFileSync(path.join(work, 'b.cue'), fileB);
  client = new LspClient([path.join(copy, 'bin', 'cue-lite.js'), 'lsp', '--stdio'], { cwd: work });
  const init = await client.initialize({ debounceMs: 20 });
  expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, documentFormattingProvider: true, renameProvider: { prepareProvider: true } });
  const a = client.diagnostics(uri('a.cue'));
  const b = client.diagnostics(uri('b.cue'));
  client.open(uri('a.cue'), fileA);
  client.open(uri('b.cue'), fileB);
  await Promise.all([a, b]);
}, 60_000);

afterAll(async () => {
  await client?.close();
  rmSync(copy, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const at = (u: string, line: number, character: number) => ({ textDocument: { uri: u }, position: { line, character } });

describe('cue-lite lsp over stdio', () => {
  it('flags a bad selector in the second file only, and resolves its reference to the first', () => {
    const last = (u: string) => client.notifications.filter((n: { method: string; params: { uri: string } }) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u).at(-1).params.diagnostics as Diag[];
    expect(last(uri('a.cue'))).toEqual([]);
    const b = last(uri('b.cue'));
    expect(b.map((d) => [d.range.start.line, d.message])).toEqual([[5, 'z: undefined field: nope']]);
  });

  it('publishes a bound violation on the right line after a change, and clears it after the fix', async () => {
    const broken = fileA.replace('name: "web"', 'name: "web"\n\tport: 70000');
    const flagged = client.diagnostics(uri('a.cue'), (ds: Diag[]) => ds.length > 0);
    client.change(uri('a.cue'), broken, 2);
    const ds: Diag[] = await flagged;
    expect(ds.map((d) => d.range.start.line)).toContain(11);
    expect(ds.find((d) => d.range.start.line === 11)!.message).toMatch(/invalid value 70000 \(out of bound <65536\)/);
    // The conflict's other side (the bound in #Service) comes as related information.
    expect(ds.flatMap((d) => d.relatedInformation ?? []).some((r) => r.location.uri === uri('a.cue'))).toBe(true);
    const cleared = client.diagnostics(uri('a.cue'), (d: Diag[]) => d.length === 0);
    client.change(uri('a.cue'), fileA, 3);
    expect(await cleared).toEqual([]);
  });

  it('hovers a computed field with its value, a field with its constraint, default and doc', async () => {
    const total = await client.request('textDocument/hover', at(uri('a.cue'), 12, 2));
    expect(total.contents.value).toContain('total: 8081');
    const port = await client.request('textDocument/hover', at(uri('a.cue'), 4, 2));
    expect(port.contents.value).toContain('*8080 | uint & >0 & <65536');
    expect(port.contents.value).toContain('default: `8080`');
    expect(port.contents.value).toContain('The port the service listens on.');
    expect(port.contents.value).toMatch(/conjuncts from `a\.cue:5`/);
    const std = await client.request('textDocument/hover', at(uri('b.cue'), 6, 18));
    expect(std.contents.value).toContain('strings.ToUpper(string): string');
  });

  it('hovers a let with its value, in a struct and at the top of a file', async () => {
    // A package of its own, so that opening and closing it does not disturb the app package
    // the other tests ask about.
    mkdirSync(path.join(work, 'lets'), { recursive: true });
    const u = uri('lets/d.cue');
    const published = client.diagnostics(u);
    client.open(u, 'package lets\n\nlet N = 2\nr: {\n\tlet M = N * 3\n\tv: M\n}\n');
    await published;
    const m = await client.request('textDocument/hover', at(u, 5, 5));
    expect(m.contents.value).toContain('let M = 6');
    expect(m.contents.value).toContain('N * 3');
    const n = await client.request('textDocument/hover', at(u, 4, 9));
    expect(n.contents.value).toContain('let N = 2');
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('jumps from a standard-library member to its doc in a generated file', async () => {
    const locs: Loc[] = await client.request('textDocument/definition', at(uri('b.cue'), 6, 18));
    expect(locs).toHaveLength(1);
    const file = fileURLToPath(locs[0]!.uri);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[locs[0]!.range.start.line]).toBe('ToUpper: _');
    expect(lines[locs[0]!.range.start.line - 1]).toContain('strings.ToUpper(');
  });

  it("completes #Service's fields inside x: #Service & {...}, with type and default", async () => {
    const items: { label: string; detail: string; documentation?: { value: string } }[] = await client.request('textDocument/completion', at(uri('a.cue'), 10, 1));
    const labels = items.map((i) => i.label).sort();
    expect(labels).toEqual(['port', 'replicas']);
    const port = items.find((i) => i.label === 'port')!;
    expect(port.detail).toContain('uint & >0 & <65536');
    expect(port.documentation?.value).toContain('default: `8080`');
  });

  it('completes after x. and after an imported package', async () => {
    const text = fileB + 'w: x.\nv: strings.\n';
    const done = client.diagnostics(uri('b.cue'));
    client.change(uri('b.cue'), text, 2);
    await done;
    const fields = await client.request('textDocument/completion', at(uri('b.cue'), 7, 5));
    expect(fields.map((i: { label: string }) => i.label)).toEqual(expect.arrayContaining(['port', 'name']));
    const members = await client.request('textDocument/completion', at(uri('b.cue'), 8, 11));
    expect(members.map((i: { label: string }) => i.label)).toEqual(expect.arrayContaining(['ToUpper', 'HasPrefix']));
    const back = client.diagnostics(uri('b.cue'));
    client.change(uri('b.cue'), fileB, 3);
    await back;
  });

  it('jumps to definitions: a reference in the second file, a selector, a definition', async () => {
    const x: Loc[] = await client.request('textDocument/definition', at(uri('b.cue'), 4, 7));
    expect(x.map((l) => [l.uri, l.range.start.line])).toEqual([[uri('a.cue'), 9]]);
    const port: Loc[] = await client.request('textDocument/definition', at(uri('b.cue'), 4, 10));
    expect(port.map((l) => [l.uri, l.range.start.line])).toEqual([[uri('a.cue'), 4]]);
    const def: Loc[] = await client.request('textDocument/definition', at(uri('a.cue'), 9, 5));
    expect(def.map((l) => [l.uri, l.range.start.line])).toEqual([[uri('a.cue'), 2]]);
  });

  it('formats a document and a range with cue-lite fmt', async () => {
    const messy = 'package app\n\nq: {\n  a: 1\n      bb: 2\n}\n';
    const u = uri('c.cue');
    const published = client.diagnostics(u);
    client.open(u, messy);
    await published;
    const edits: TextEdit[] = await client.request('textDocument/formatting', { textDocument: { uri: u }, options: { tabSize: 4, insertSpaces: false } });
    expect(applyEdits(messy, edits)).toBe('package app\n\nq: {\n\ta:  1\n\tbb: 2\n}\n');
    // A range takes only its own lines: line 4 (`      bb: 2`), not line 3.
    const inside: TextEdit[] = await client.request('textDocument/rangeFormatting', { textDocument: { uri: u }, range: { start: { line: 4, character: 0 }, end: { line: 4, character: 4 } }, options: { tabSize: 4, insertSpaces: false } });
    expect(applyEdits(messy, inside)).toBe('package app\n\nq: {\n  a: 1\n\tbb: 2\n}\n');
    const outside = await client.request('textDocument/rangeFormatting', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, options: { tabSize: 4, insertSpaces: false } });
    expect(outside).toEqual([]);
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('lists document symbols and renames a definition across the package', async () => {
    const symbols: { name: string; children?: { name: string }[] }[] = await client.request('textDocument/documentSymbol', { textDocument: { uri: uri('a.cue') } });
    expect(symbols.map((s) => s.name)).toEqual(['app', '#Service', 'x', 'total']);
    expect(symbols[1]!.children!.map((s) => s.name)).toEqual(['port', 'name', 'replicas']);
    const prepared = await client.request('textDocument/prepareRename', at(uri('a.cue'), 9, 5));
    expect(prepared.placeholder).toBe('#Service');
    const edit = await client.request('textDocument/rename', { ...at(uri('a.cue'), 2, 2), newName: '#Svc' });
    expect(Object.keys(edit.changes)).toEqual([uri('a.cue')]);
    expect(edit.changes[uri('a.cue')].map((e: { range: { start: { line: number } } }) => e.range.start.line).sort()).toEqual([2, 9]);
    // A field: its declarations and every selector of its path, in both files, and the same
    // field through the unification x: #Service & {...}, from either side.
    const lines = (e: { changes: Record<string, { range: { start: { line: number } } }[]> }) =>
      Object.fromEntries(Object.entries(e.changes).map(([u, es]) => [path.basename(u), es.map((x) => x.range.start.line).sort((a, b) => a - b)]));
    const fromDef = await client.request('textDocument/rename', { ...at(uri('a.cue'), 4, 2), newName: 'listen' });
    expect(lines(fromDef)).toEqual({ 'a.cue': [4, 12], 'b.cue': [4] });
    const fromUse = await client.request('textDocument/rename', { ...at(uri('b.cue'), 4, 10), newName: 'listen' });
    expect(lines(fromUse)).toEqual({ 'a.cue': [4, 12], 'b.cue': [4] });
    await expect(client.request('textDocument/rename', { ...at(uri('a.cue'), 2, 2), newName: 'Svc' })).rejects.toThrow(/same kind/);
  });

  it('completes context. and parameter. in a KubeVela definition', async () => {
    const def = `mydef: {
	type: "component"
	attributes: workload: definition: {apiVersion: "apps/v1", kind: "Deployment"}
}
template: {
	output: {
		metadata: name: context.name
		spec: replicas: parameter.replicas
	}
	parameter: {
		// +usage=How many pods
		replicas: *1 | int
		image:    string
	}
}
`;
    const u = uri('def/mydef.cue');
    const published = client.diagnostics(u);
    client.open(u, def);
    expect(await published).toEqual([]);
    const ctx = await client.request('textDocument/completion', at(u, 6, 27));
    expect(ctx.map((i: { label: string }) => i.label)).toEqual(expect.arrayContaining(['name', 'namespace', 'appName']));
    const params = await client.request('textDocument/completion', at(u, 7, 29));
    expect(params.map((i: { label: string }) => i.label)).toEqual(['replicas', 'image']);
    const hover = await client.request('textDocument/hover', at(u, 11, 3));
    expect(hover.contents.value).toContain('**usage:** How many pods');
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
  });

  it('a hostile file ends in a limit error, not a hang', async () => {
    const u = uri('h/hostile.cue');
    const published = client.diagnostics(u, (d: Diag[]) => d.length > 0);
    client.open(u, 'a: [for x in list.Range(0, 1000, 1) for y in list.Range(0, 1000, 1) {x * y}]\nimport "list"\n'.replace(/^(.*)\n(.*)\n$/, '$2\n$1\n'));
    const ds: Diag[] = await published;
    expect(ds.map((d) => d.message).join('\n')).toMatch(/limit/);
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
  });
});

describe('requests right after a change', () => {
  // Requests sent with the change, not after its diagnostics: each must be answered from the
  // changed text (or, for a file that does not parse, from the last instance that evaluated),
  // whichever file of the package the server happens to evaluate first.
  const failures = (since: number) => client.notifications.filter((n: { method: string; at: number }) => n.method === 'window/logMessage' && n.at >= since).map((n: { params: { message: string } }) => n.params.message);

  it('a file of the package that does not parse: the other file first, then the edited one', async () => {
    const since = performance.now();
    const broken = fileB + 'w: x.\n';
    const flagged = client.diagnostics(uri('b.cue'), (d: Diag[]) => d.length > 0 && d.some((x) => /expected selector/.test(x.message)));
    client.change(uri('b.cue'), broken, 4);
    const [hover, fields, def] = await Promise.all([
      client.request('textDocument/hover', at(uri('a.cue'), 12, 2)),
      client.request('textDocument/completion', at(uri('b.cue'), 7, 5)),
      client.request('textDocument/definition', at(uri('b.cue'), 4, 7)),
    ]);
    // a.cue is answered from the last instance that evaluated while b.cue does not parse.
    expect(hover?.contents.value).toContain('total: 8081');
    expect(fields.map((i: { label: string }) => i.label)).toEqual(expect.arrayContaining(['port', 'name']));
    expect((def as Loc[] | null)?.map((l) => [l.uri, l.range.start.line])).toEqual([[uri('a.cue'), 9]]);
    // The syntax error is shown in b.cue, where it is.
    expect((await flagged).map((d) => d.message)).toEqual(["expected selector, found 'EOF'"]);
    const back = client.diagnostics(uri('b.cue'), (d: Diag[]) => d.length === 1);
    client.change(uri('b.cue'), fileB, 5);
    await back;
    expect(failures(since)).toEqual([]);
  });

  it('a file its package leaves out (@if) is an instance of its own, asked after the package', async () => {
    const since = performance.now();
    const u = uri('d.cue');
    const published = client.diagnostics(u);
    client.open(u, '@if(debug)\npackage app\n\nq: 1 + 1\n');
    const [total, q] = await Promise.all([client.request('textDocument/hover', at(uri('a.cue'), 12, 2)), client.request('textDocument/hover', at(u, 3, 0))]);
    expect(total?.contents.value).toContain('total: 8081');
    expect(q?.contents.value).toContain('q: 2');
    expect(await published).toEqual([]);
    // And the other way round: the left-out file first, then the package's.
    const changed = client.diagnostics(u);
    client.change(u, '@if(debug)\npackage app\n\nq: 2 + 2\n', 2);
    const [q4, total2] = await Promise.all([client.request('textDocument/hover', at(u, 3, 0)), client.request('textDocument/hover', at(uri('a.cue'), 12, 2))]);
    expect(q4?.contents.value).toContain('q: 4');
    expect(total2?.contents.value).toContain('total: 8081');
    await changed;
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
    expect(failures(since)).toEqual([]);
  });
});

describe('evaluation off the message loop', () => {
  // Timing-dependent by nature: the change must reach the server while the slow analysis still
  // runs. On a loaded machine the message can come late, after the analysis ended; a retry
  // then tries again rather than reporting a defect that is not there.
  let attempt = 0;
  it('a newer change cancels diagnostics still being computed for an older one', { retry: 2 }, async () => {
    const u = uri(`slow/slow${++attempt}.cue`);
    // Slow (about 90,000 comprehension values, under the editor's limit) and wrong (b).
    const slow = 'import "list"\n\na: [for x in list.Range(0, 300, 1) for y in list.Range(0, 300, 1) {x + y}]\nb: 1 & 2\n';
    const started = client.waitFor((n: { method: string; params: { state: string; uris: string[] } }) => n.method === 'cueLite/analysis' && n.params.state === 'started' && n.params.uris.includes(u));
    client.open(u, slow);
    await started;
    const since = performance.now();
    const cancelled = client.waitFor((n: { method: string; params: { state: string } }) => n.method === 'cueLite/analysis' && n.params.state === 'cancelled');
    const cleared = client.diagnostics(u, (d: Diag[]) => d.length === 0);
    client.change(u, 'a: 1\n', 2);
    await cancelled;
    expect(await cleared).toEqual([]);
    // The slow text's errors (b) were never published.
    const published = client.notifications.filter((n: { method: string; at: number; params: { uri: string } }) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === u && n.at >= since);
    expect(published.map((n: { params: { diagnostics: Diag[] } }) => n.params.diagnostics)).toEqual([[]]);
    // The fresh worker answers the other documents' requests.
    const total = await client.request('textDocument/hover', at(uri('a.cue'), 12, 2));
    expect(total.contents.value).toContain('total: 8081');
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
  });
});

describe('modules', () => {
  it('loads the module package an import names: no false errors, definition into its files', async () => {
    const mod = path.join(work, 'mod');
    mkdirSync(path.join(mod, 'cue.mod'), { recursive: true });
    mkdirSync(path.join(mod, 'lib'));
    mkdirSync(path.join(mod, 'app'));
    writeFileSync(path.join(mod, 'cue.mod', 'module.cue'), 'module: "example.com/m"\nlanguage: version: "v0.9.0"\n');
    writeFileSync(path.join(mod, 'lib', 'lib.cue'), 'package lib\n\n// A small port.\n#Port: int & <1024\n');
    const app = 'package app\n\nimport "example.com/m/lib"\n\nv: lib.#Port & 80\nw: lib.#Port & 8080\n';
    const u = pathToFileURL(path.join(mod, 'app', 'app.cue')).href;
    const published = client.diagnostics(u);
    client.open(u, app);
    const ds: Diag[] = await published;
    expect(ds.map((d) => [d.range.start.line, d.message])).toEqual([[5, 'w: invalid value 8080 (out of bound <1024)']]);
    const libUri = pathToFileURL(path.join(mod, 'lib', 'lib.cue')).href;
    const member: Loc[] = await client.request('textDocument/definition', at(u, 4, 8));
    expect(member.map((l) => [l.uri, l.range.start.line])).toEqual([[libUri, 3]]);
    const hover = await client.request('textDocument/hover', at(u, 4, 8));
    expect(hover.contents.value).toContain('#Port: int & <1024');
    expect(hover.contents.value).toContain('A small port.');
    const pkg: Loc[] = await client.request('textDocument/definition', at(u, 2, 12));
    expect(pkg.map((l) => l.uri)).toEqual([libUri]);
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
  });
});

describe("the server's log", () => {
  it('holds no failure: every request above was answered by the analysis', () => {
    const logged = client.notifications.filter((n: { method: string }) => n.method === 'window/logMessage').map((n: { params: { message: string } }) => n.params.message);
    expect(logged).toEqual([]);
  });
});

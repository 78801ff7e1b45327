/**
 * The TextMate grammar (grammar/cue.tmLanguage.json) tokenized as VS Code does it
 * (vscode-textmate with the Oniguruma regex engine in WebAssembly), against the scopes the
 * assertion lines of testdata/grammar/*.cue state (format: testdata/grammar/README.md).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = path.join(import.meta.dirname, '..');
const dir = path.join(root, 'testdata', 'grammar');
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => (scope === 'source.cue' ? vsctm.parseRawGrammar(readFileSync(path.join(root, 'grammar', 'cue.tmLanguage.json'), 'utf8'), 'cue.tmLanguage.json') : null),
  });
  grammar = (await registry.loadGrammar('source.cue'))!;
});

const assertion = /^\s*\/\/(\s*)(\^+|<-+)\s+(.+)$/;

interface Failure {
  line: number;
  column: number;
  text: string;
  want: string;
  got: string[];
}

/** Tokenizes the source lines (assertion lines left out) and checks every assertion. */
function check(text: string): { failures: Failure[]; assertions: number } {
  const lines = text.split('\n');
  let stack = vsctm.INITIAL;
  let last: { line: number; text: string; tokens: vsctm.IToken[] } | undefined;
  const failures: Failure[] = [];
  let assertions = 0;
  lines.forEach((line, i) => {
    const m = assertion.exec(line);
    if (m && last) {
      const wanted = m[3]!.trim().split(/\s+/);
      const start = m[2]!.startsWith('<') ? 0 : line.indexOf('^');
      const width = m[2]!.startsWith('<') ? m[2]!.length - 1 : m[2]!.length;
      for (let c = start; c < start + width; c++) {
        const tok = last.tokens.find((t) => t.startIndex <= c && c < t.endIndex);
        const got = tok?.scopes ?? [];
        assertions++;
        for (const w of wanted) {
          if (!got.some((g) => g === w || g.startsWith(w + '.'))) failures.push({ line: last.line + 1, column: c, text: last.text.slice(c, c + 8), want: w, got });
        }
      }
      return;
    }
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    last = { line: i, text: line, tokens: r.tokens };
  });
  return { failures, assertions };
}

describe('grammar/cue.tmLanguage.json', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cue'));
  it('has test files', () => expect(files.length).toBeGreaterThanOrEqual(3));
  it.each(files)('%s: every asserted scope', (f) => {
    const { failures, assertions } = check(readFileSync(path.join(dir, f), 'utf8'));
    expect(assertions).toBeGreaterThan(10);
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('scopes the file as source.cue and a wrong assertion fails', () => {
    const { failures } = check('a: 1\n// ^ string.quoted\n');
    expect(failures.map((f) => [f.want, f.got])).toEqual([['string.quoted', ['source.cue', 'constant.numeric.integer.cue']]]);
  });
});

describe('editors/vscode', () => {
  const ext = path.join(root, 'editors', 'vscode');
  const manifest = JSON.parse(readFileSync(path.join(ext, 'package.json'), 'utf8'));
  it('declares the language, its configuration and the grammar the package script copies in', () => {
    expect(manifest.engines.vscode).toBe('^1.82.0');
    expect(manifest.dependencies['vscode-languageclient']).toBe('9.0.1');
    const lang = manifest.contributes.languages.find((l: { id: string }) => l.id === 'cue');
    expect(lang.extensions).toEqual(['.cue']);
    const config = JSON.parse(readFileSync(path.join(ext, lang.configuration), 'utf8'));
    expect(config.comments.lineComment).toBe('//');
    expect(config.brackets).toEqual([['{', '}'], ['[', ']'], ['(', ')']]);
    const g = manifest.contributes.grammars[0];
    expect([g.language, g.scopeName, g.path]).toEqual(['cue', 'source.cue', './syntaxes/cue.tmLanguage.json']);
    expect(readFileSync(path.join(ext, 'package.mjs'), 'utf8')).toContain("'@vscode/vsce@3.9.2'");
    // The client starts the server as the README says: `cue-lite lsp`, stdio.
    const client = readFileSync(path.join(ext, 'extension.js'), 'utf8');
    expect(client).toMatch(/args: \['lsp'\], transport: TransportKind\.stdio/);
  });
});

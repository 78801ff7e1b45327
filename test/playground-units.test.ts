/**
 * The playground's pieces that need no browser: the URL fragment (base64url, txtar), Render
 * mode's file roles, and the CUE tokenizer behind the editor's highlighting.
 */
import { describe, expect, it } from 'vitest';
import { StringStream } from '@codemirror/language';
import { decodeBase64url, encodeBase64url, formatFragment, parseFragment } from '../playground/src/share.js';
import { formatTxtar, parseTxtar } from '../playground/src/txtar.js';
import { renderRole } from '../playground/src/render-files.js';
import { type CueState, cueParser } from '../playground/src/cue-language.js';

describe('sharing through the URL fragment', () => {
  it('base64url round-trips UTF-8, without padding or +/', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'héllo wörld ✓ 𝄞', '?>?>?>', 'x'.repeat(100_000)]) {
      const enc = encodeBase64url(text);
      expect(enc).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeBase64url(enc)).toBe(text);
      expect(enc).toBe(Buffer.from(text, 'utf8').toString('base64url'));
    }
  });

  it('refuses what is not base64url, or not UTF-8', () => {
    expect(() => decodeBase64url('a$b')).toThrow(/base64url/);
    expect(() => decodeBase64url('abcde')).toThrow(/base64url/);
    expect(() => decodeBase64url(Buffer.from([0xff, 0xfe]).toString('base64url'))).toThrow();
  });

  it('one file named main.cue is #cue=, anything else #txtar=, Render mode marked in the comment', () => {
    const one = { mode: 'cue' as const, files: [{ name: 'main.cue', text: 'a: 1\n' }] };
    expect(formatFragment(one)).toBe('cue=' + Buffer.from('a: 1\n').toString('base64url'));
    expect(parseFragment('#' + formatFragment(one))).toEqual(one);
    const two = { mode: 'cue' as const, files: [{ name: 'a.cue', text: 'package p\n' }, { name: 'b.cue', text: 'package p\nx: 1\n' }] };
    expect(formatFragment(two).startsWith('txtar=')).toBe(true);
    expect(parseFragment(formatFragment(two))).toEqual(two);
    const render = { mode: 'render' as const, files: [{ name: 'app.yaml', text: 'kind: Application\n' }] };
    expect(Buffer.from(formatFragment(render).slice(6), 'base64url').toString()).toBe('mode: render\n-- app.yaml --\nkind: Application\n');
    expect(parseFragment(formatFragment(render))).toEqual(render);
  });

  it('a fragment that is not ours is ignored; a broken one is an error to show', () => {
    expect(parseFragment('')).toBeNull();
    expect(parseFragment('#section-2')).toBeNull();
    expect(parseFragment('#other=abc')).toBeNull();
    expect(parseFragment('#cue=%%%')).toBeInstanceOf(Error);
    expect(parseFragment('#txtar=' + encodeBase64url('no files here\n'))).toBeInstanceOf(Error);
  });
});

describe('txtar', () => {
  it('reads the comment and files; a missing final newline is kept missing', () => {
    expect(parseTxtar('c\n-- a --\n1\n-- b/c.cue --\n\n2')).toEqual({
      comment: 'c\n',
      files: [
        { name: 'a', text: '1\n' },
        { name: 'b/c.cue', text: '\n2' },
      ],
    });
    expect(parseTxtar('-- empty --\n-- x --\ny\n')).toEqual({ comment: '', files: [{ name: 'empty', text: '' }, { name: 'x', text: 'y\n' }] });
  });

  it('writes what it reads', () => {
    const text = 'mode: render\n-- app.yaml --\nkind: X\n-- defs.cue --\na: 1\n';
    expect(formatTxtar(parseTxtar(text))).toBe(text);
    expect(formatTxtar({ comment: '', files: [{ name: 'f', text: 'no newline' }] })).toBe('-- f --\nno newline\n');
  });
});

describe('Render mode file roles', () => {
  it('by name: Application, platform, context, else definition', () => {
    expect(['app.yaml', 'app-prod.yml', 'app.json', 'platform.cue', 'platform.yaml', 'context.yaml', 'defs.cue', 'my-trait.yaml', 'apps/x.cue'].map(renderRole)).toEqual([
      'application', 'application', 'application', 'platform', 'platform', 'context', 'definition', 'definition', 'definition',
    ]);
  });
});

describe('CUE highlighting', () => {
  /** Each line's tokens as [text, style] pairs, the state carried from line to line. */
  function tokens(src: string): [string, string | null][][] {
    const state: CueState = cueParser.startState!(4);
    return src.split('\n').map((line) => {
      const stream = new StringStream(line, 4, 4);
      const out: [string, string | null][] = [];
      while (!stream.eol()) {
        const style = cueParser.token(stream, state);
        if (stream.current().trim() !== '') out.push([stream.current(), style]);
        stream.start = stream.pos;
      }
      return out;
    });
  }

  it('labels, definitions, types, keywords, numbers, operators, comments, attributes', () => {
    expect(tokens('#A: {n?: int & >=1, m: 1Ki} // c @go(x)')[0]).toEqual([
      ['#A', 'typeName.definition'], [':', 'punctuation'], ['{', 'bracket'], ['n', 'propertyName'], ['?', 'punctuation'], [':', 'punctuation'],
      ['int', 'typeName.standard'], ['&', 'operator'], ['>=', 'operator'], ['1', 'number'], [',', 'punctuation'], ['m', 'propertyName'],
      [':', 'punctuation'], ['1Ki', 'number'], ['}', 'bracket'], ['// c @go(x)', 'comment'],
    ]);
    expect(tokens('package p\nx: [for k, v in y if v != null {k}]\na: _|_ @tag(t)')[1]!.filter(([, s]) => s === 'keyword').map(([t]) => t)).toEqual(['for', 'in', 'if']);
    expect(tokens('a: _|_ @tag(t)')[0]).toEqual([['a', 'propertyName'], [':', 'punctuation'], ['_|_', 'atom'], ['@tag(t)', 'meta']]);
  });

  it('interpolations nest, multi-line and raw strings carry over lines', () => {
    expect(tokens('s: "a\\(x + len("\\(y)"))b"')[0]).toEqual([
      ['s', 'propertyName'], [':', 'punctuation'], ['"', 'string'], ['a', 'string'], ['\\(', 'processingInstruction'], ['x', 'variableName'], ['+', 'operator'],
      ['len', 'variableName.standard'], ['(', 'bracket'], ['"', 'string'], ['\\(', 'processingInstruction'], ['y', 'variableName'],
      [')', 'processingInstruction'], ['"', 'string'], [')', 'bracket'], [')', 'processingInstruction'], ['b"', 'string'],
    ]);
    const lines = tokens('t: """\n\tkind: "x" // not a comment\n\t"""\nu: #"a\\"b"#\nv: 1');
    expect(lines[1]).toEqual([['\tkind: "x" // not a comment', 'string']]);
    expect(lines[2]).toEqual([['\t"""', 'string']]);
    expect(lines[3]!.map(([, s]) => s)).toEqual(['propertyName', 'punctuation', 'string', 'string']);
    expect(lines[4]).toEqual([['v', 'propertyName'], [':', 'punctuation'], ['1', 'number']]);
  });
});

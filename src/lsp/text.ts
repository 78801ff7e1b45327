/// <reference types="node" />
/**
 * Positions: LSP's (line, UTF-16 character) against offsets into a JavaScript string (which
 * are UTF-16 too, so a span's offsets convert directly), and file paths against URIs.
 */
import { pathToFileURL, fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Source, Span } from '../index.js';

export interface Documents {
  uriOf(abs: string): string;
}

/** A document path: the file path of a `file:` URI, the URI itself otherwise. */
export function uriToKey(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      return uri;
    }
  }
  return uri;
}

export function keyToUri(key: string): string {
  return path.isAbsolute(key) ? pathToFileURL(key).href : key;
}

const docs = new WeakMap<Source, TextDocument>();

export function docOf(src: Source): TextDocument {
  let d = docs.get(src);
  if (!d) docs.set(src, (d = TextDocument.create('cue-lite:source', 'cue', 0, src.text)));
  return d;
}

export function positionAt(src: Source, offset: number): Position {
  return docOf(src).positionAt(offset);
}

/** The range of a span, kept on its first line; an empty span covers the word it starts. */
export function spanRange(_docs: Documents | null, _abs: string, s: Span): Range {
  const text = s.src.text;
  let end = s.end;
  if (end <= s.start) {
    end = s.start;
    while (end < text.length && /[\w#$.]/.test(text[end]!)) end++;
    if (end === s.start && end < text.length && text[end] !== '\n') end++;
  }
  const nl = text.indexOf('\n', s.start);
  if (nl >= 0 && nl < end) end = nl;
  return { start: positionAt(s.src, s.start), end: positionAt(s.src, end) };
}

export function rangeOf(text: string, start: number, end: number): Range {
  const d = TextDocument.create('cue-lite:text', 'cue', 0, text);
  return { start: d.positionAt(start), end: d.positionAt(end) };
}

/**
 * Where a top-level field `name` (`name:`, `name?:`, `name!:`) is declared in a file's text,
 * found without parsing (files of imported packages, the generated standard-library files).
 */
export function topLevelFieldRange(text: string, name: string): Range | undefined {
  const m = new RegExp(`^(${name.replace(/[$#]/g, '\\$&')})\\??!?\\s*:`, 'm').exec(text);
  if (!m) return undefined;
  const line = text.slice(0, m.index).split('\n').length - 1;
  return { start: { line, character: 0 }, end: { line, character: name.length } };
}

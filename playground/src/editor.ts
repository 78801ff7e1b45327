/**
 * The editor: CodeMirror 6 with its basic setup, our CUE and YAML highlighting, and colours
 * from CSS variables, so that the page's light and dark themes (style.css, following the
 * system's preference) restyle it without reconfiguring anything.
 *
 * Tab indents, as in any code editor; Escape then Tab moves the focus on (CodeMirror's escape
 * from its tab binding), so that the editor is no keyboard trap.
 */
import { minimalSetup } from 'codemirror';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, crosshairCursor, dropCursor, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, rectangularSelection } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { errorMarks } from './error-marks.js';
import { tags as t } from '@lezer/highlight';
import { cueLanguage } from './cue-language.js';
import { yamlLanguage } from './yaml-language.js';

const highlight = HighlightStyle.define([
  { tag: t.comment, color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [t.keyword, t.operator], color: 'var(--tok-keyword)' },
  { tag: [t.string, t.processingInstruction], color: 'var(--tok-string)' },
  { tag: [t.number, t.atom, t.bool], color: 'var(--tok-number)' },
  { tag: [t.typeName, t.standard(t.typeName)], color: 'var(--tok-type)' },
  { tag: [t.definition(t.typeName)], color: 'var(--tok-type)', fontWeight: 'bold' },
  { tag: t.propertyName, color: 'var(--tok-property)' },
  { tag: [t.meta, t.labelName], color: 'var(--tok-meta)' },
  { tag: t.standard(t.variableName), color: 'var(--tok-builtin)' },
  { tag: t.invalid, color: 'var(--tok-invalid)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--fg)', backgroundColor: 'var(--editor-bg)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.45' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--selection) !important',
  },
  '.cm-gutters': { backgroundColor: 'var(--gutter-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '.cm-tooltip': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-panels': { backgroundColor: 'var(--gutter-bg)', color: 'var(--fg)' },
});

/** The language and indentation of a file, by its name. */
export function languageFor(name: string): Extension {
  if (/\.(?:ya?ml|json)$/i.test(name)) return [yamlLanguage, indentUnit.of('  ')];
  return [cueLanguage, indentUnit.of('\t')];
}

/**
 * CodeMirror's basic setup without autocompletion and code folding (neither has anything to
 * work with here: the highlighting is a tokenizer, not a parse tree) and without its search
 * panel (the browser's find serves programs of playground size), and with error marks of our
 * own (error-marks.ts) in place of @codemirror/lint: 20 KB gzipped less, which
 * keeps the page within its 400 KB budget.
 */
const setup: Extension = [
  minimalSetup,
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightActiveLine(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  bracketMatching(),
  closeBrackets(),
  rectangularSelection(),
  crosshairCursor(),
  errorMarks,
  keymap.of([indentWithTab, ...closeBracketsKeymap]),
];

/** A fresh editor state for one file; `extra` adds the page's listeners. */
export function fileState(name: string, text: string, extra: Extension): EditorState {
  return EditorState.create({
    doc: text,
    extensions: [setup, languageFor(name), EditorState.tabSize.of(4), syntaxHighlighting(highlight), theme, extra],
  });
}

export { EditorView };

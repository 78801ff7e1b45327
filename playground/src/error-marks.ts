/**
 * Errors underlined in the editor: a decoration per position, its message as the mark's
 * title. @codemirror/lint does this with panels and tooltips, at 4 KB gzipped that the page's
 * budget has no room for; the Errors tab is the accessible list.
 */
import { type Extension, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';

export interface ErrorMark {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

export const setErrorMarks = StateEffect.define<readonly ErrorMark[]>();

const field = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let out = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setErrorMarks)) continue;
      const len = tr.state.doc.length;
      const ranges = e.value
        .map((m) => ({ from: Math.min(m.from, len), to: Math.min(Math.max(m.to, m.from + 1), len), message: m.message }))
        .filter((m) => m.to > m.from)
        .sort((a, b) => a.from - b.from)
        .map((m) => Decoration.mark({ class: 'cm-error-mark', attributes: { title: m.message } }).range(m.from, m.to));
      out = Decoration.set(ranges, true);
    }
    return out;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export const errorMarks: Extension = [
  field,
  EditorView.baseTheme({
    '.cm-error-mark': { textDecoration: 'underline wavy var(--error, #cf222e)', textDecorationSkipInk: 'none', textUnderlineOffset: '3px' },
  }),
];

/**
 * Enough YAML highlighting for Applications and platform files: comments, keys, scalars,
 * document markers, block scalars. A StreamLanguage of our own (see cue-language.ts for why).
 */
import { type StreamParser, StreamLanguage } from '@codemirror/language';

export interface YamlState {
  /** The indentation of the key that opened a block scalar (`|`, `>`), or -1 outside one. */
  blockIndent: number;
  /** Whether the tokenizer is past the key of the current line. */
  afterKey: boolean;
}

export const yamlParser: StreamParser<YamlState> = {
  name: 'yaml',
  startState: () => ({ blockIndent: -1, afterKey: false }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (stream.sol()) {
      state.afterKey = false;
      if (state.blockIndent >= 0) {
        if (stream.match(/^\s*$/, false) || stream.indentation() > state.blockIndent) {
          stream.skipToEnd();
          return 'string';
        }
        state.blockIndent = -1;
      }
      if (stream.match(/^(?:---|\.\.\.)(?=\s|$)/)) return 'meta';
    }
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return 'comment';
    if (stream.match(/^-(?=\s|$)/)) return 'punctuation';
    if (!state.afterKey) {
      const key = stream.match(/^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#:,[\]{}][^#:]*?)(?=\s*:(?:\s|$))/);
      if (key) {
        state.afterKey = true;
        return 'propertyName';
      }
    }
    if (stream.match(/^:(?=\s|$)/)) {
      state.afterKey = true;
      return 'punctuation';
    }
    if (stream.match(/^[|>][-+0-9]*\s*(?:#.*)?$/)) {
      // The block's lines are those indented deeper than the line that opened it.
      const line = stream.string;
      state.blockIndent = line.length - line.trimStart().length;
      return 'operator';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^']|'')*'?/)) return 'string';
    if (stream.match(/^[[\]{},]/)) return 'bracket';
    if (stream.match(/^[&*][^\s,[\]{}]+/)) return 'labelName';
    if (stream.match(/^!{1,2}[^\s]*/)) return 'meta';
    // Words separated by blanks; ` #` starts a comment, `,]}` end a flow item.
    const scalar = stream.match(/^[^\s#,[\]{}]+(?:[ \t]+[^\s#,[\]{}]+)*/) as RegExpMatchArray | null;
    if (scalar) {
      const s = scalar[0].trim();
      if (/^(?:true|false|yes|no|on|off|null|~)$/i.test(s)) return 'atom';
      if (/^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|\.inf|\.nan)$/i.test(s)) return 'number';
      return 'string';
    }
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '#' } },
};

export const yamlLanguage = StreamLanguage.define(yamlParser);

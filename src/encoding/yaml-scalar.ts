/**
 * How one scalar is written in YAML: the style choice and the writers of go-yaml v3's
 * emitter (libyaml's), which CUE's YAML output goes through. Reproducing them is what makes
 * our output byte-identical to CUE's: which strings stay plain, which get single or double
 * quotes, when a literal block (`|`) is used, and where long lines are folded (at the first
 * space after column 80).
 */

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

/** What the emitter allows for a value, from a scan of its characters. */
interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

export function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function isBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function isBlank(cp: number | undefined): boolean {
  return cp === 0x20 || cp === 0x09;
}

/** Code points of a string; lone surrogates (not valid text) become U+FFFD. */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

function analyze(cps: number[]): Analysis {
  if (cps.length === 0) return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  const n = cps.length;
  if (n >= 3 && ((cps[0] === 45 && cps[1] === 45 && cps[2] === 45) || (cps[0] === 46 && cps[1] === 46 && cps[2] === 46))) {
    blockIndicators = true;
  }
  for (let i = 0; i < n; i++) {
    const c = cps[i]!;
    const followedByWhitespace = i + 1 >= n || isBlank(cps[i + 1]);
    if (i === 0) {
      switch (c) {
        case 35: // #
        case 44: // ,
        case 91: // [
        case 93: // ]
        case 123: // {
        case 125: // }
        case 38: // &
        case 42: // *
        case 33: // !
        case 124: // |
        case 62: // >
        case 39: // '
        case 34: // "
        case 37: // %
        case 64: // @
        case 96: // `
          blockIndicators = true;
          break;
        case 63: // ?
        case 58: // :
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 45: // -
          if (followedByWhitespace) blockIndicators = true;
          break;
      }
    } else if (c === 58 /* : */) {
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === 35 /* # */) {
      if (precededByWhitespace) blockIndicators = true;
    }
    if (c === 9) tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === 32) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (spaceBreak || tabs || special) {
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (spaceBreak || special) a.block = false;
  if (lineBreaks) a.blockPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

/** The style the emitter ends up using for a requested style. */
export function selectStyle(cps: number[], requested: ScalarStyle, simpleKey: boolean): ScalarStyle {
  const a = analyze(cps);
  let style = requested;
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single';
    if (cps.length === 0 && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

/** True if the scalar contains a line break (such a key cannot be a simple `key:`). */
export function isMultiline(cps: number[]): boolean {
  return cps.some(isBreak);
}

/**
 * Output with the emitter's column tracking (columns count code points, as libyaml's do).
 */
export class YAMLWriter {
  private readonly parts: string[] = [];
  column = 0;

  constructor(readonly width: number) {}

  write(s: string): void {
    this.parts.push(s);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) this.column = 0;
      else if (c < 0xdc00 || c > 0xdfff) this.column++;
    }
  }

  writeCodePoint(cp: number): void {
    this.parts.push(String.fromCodePoint(cp));
    this.column = isBreak(cp) ? 0 : this.column + 1;
  }

  newline(): void {
    this.parts.push('\n');
    this.column = 0;
  }

  /**
   * A line break, then spaces up to `indent`. Right after a break (a literal block ends with
   * one) no second break is written, as libyaml's write_indent does.
   */
  indent(indent: number): void {
    if (this.column > 0) this.newline();
    if (indent > 0) this.write(' '.repeat(indent));
  }

  toString(): string {
    return this.parts.join('');
  }

  /**
   * Writes a scalar in the given (already selected) style. `indent` is where continuation
   * lines start; `allowBreaks` is false for simple keys, which are never folded.
   */
  scalar(cps: number[], style: ScalarStyle, indent: number, allowBreaks: boolean): void {
    switch (style) {
      case 'plain':
        return this.plain(cps, indent, allowBreaks);
      case 'single':
        return this.single(cps, indent, allowBreaks);
      case 'double':
        return this.double(cps, indent, allowBreaks);
      case 'literal':
        return this.literal(cps, indent);
    }
  }

  private plain(cps: number[], indent: number, allowBreaks: boolean): void {
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (c === 32) {
        if (allowBreaks && !spaces && this.column > this.width && cps[i + 1] !== 32) this.indent(indent);
        else this.writeCodePoint(c);
        spaces = true;
      } else {
        this.writeCodePoint(c);
        spaces = false;
      }
    }
  }

  private single(cps: number[], indent: number, allowBreaks: boolean): void {
    this.write("'");
    let spaces = false;
    let breaks = false;
    const n = cps.length;
    for (let i = 0; i < n; i++) {
      const c = cps[i]!;
      if (c === 32) {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < n - 1 && cps[i + 1] !== 32) {
          this.indent(indent);
        } else this.writeCodePoint(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 10) this.newline();
        this.writeCodePoint(c);
        breaks = true;
      } else {
        if (breaks) this.indent(indent);
        if (c === 39) this.write("'");
        this.writeCodePoint(c);
        spaces = false;
        breaks = false;
      }
    }
    this.write("'");
  }

  private double(cps: number[], indent: number, allowBreaks: boolean): void {
    this.write('"');
    let spaces = false;
    const n = cps.length;
    // libyaml's BOM test looks at the start of the value, not at the current character:
    // after a leading U+FEFF every character is escaped (`"\uFEFF\x78"`). Reproduced.
    const escapeAll = cps[0] === 0xfeff;
    for (let i = 0; i < n; i++) {
      const c = cps[i]!;
      if (escapeAll || !isPrintable(c) || isBreak(c) || c === 34 || c === 92) {
        this.write(doubleEscape(c));
        spaces = false;
      } else if (c === 32) {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < n - 1) {
          this.indent(indent);
          if (cps[i + 1] === 32) this.write('\\');
        } else this.writeCodePoint(c);
        spaces = true;
      } else {
        this.writeCodePoint(c);
        spaces = false;
      }
    }
    this.write('"');
  }

  private literal(cps: number[], indent: number): void {
    this.write('|');
    const n = cps.length;
    // Indentation indicator when the first line starts with a space or a break, so that a
    // reader does not take it for the indentation.
    if (n > 0 && (cps[0] === 32 || isBreak(cps[0]!))) this.write('2');
    // Chomping: `-` strips a missing final newline, `+` keeps several.
    if (n === 0 || !isBreak(cps[n - 1]!)) this.write('-');
    else if (n === 1 || isBreak(cps[n - 2]!)) this.write('+');
    // The header line always ends here; a leading break in the value is a blank line.
    this.newline();
    let breaks = true;
    for (let i = 0; i < n; i++) {
      const c = cps[i]!;
      if (isBreak(c)) {
        this.writeCodePoint(c);
        breaks = true;
      } else {
        if (breaks && indent > 0) this.write(' '.repeat(indent));
        this.writeCodePoint(c);
        breaks = false;
      }
    }
  }
}

function doubleEscape(c: number): string {
  switch (c) {
    case 0x00:
      return '\\0';
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x09:
      return '\\t';
    case 0x0a:
      return '\\n';
    case 0x0b:
      return '\\v';
    case 0x0c:
      return '\\f';
    case 0x0d:
      return '\\r';
    case 0x1b:
      return '\\e';
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x85:
      return '\\N';
    case 0xa0:
      return '\\_';
    case 0x2028:
      return '\\L';
    case 0x2029:
      return '\\P';
  }
  const h = c.toString(16).toUpperCase();
  if (c <= 0xff) return '\\x' + h.padStart(2, '0');
  if (c <= 0xffff) return '\\u' + h.padStart(4, '0');
  return '\\U' + h.padStart(8, '0');
}

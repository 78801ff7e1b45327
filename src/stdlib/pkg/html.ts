/** Package `html`: Go's html.EscapeString and UnescapeString. */
import type { BuiltinPackage } from '../../plain/builtin.js';
import { str } from '../internal/args.js';

const escapes: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;' };

/**
 * Named character references understood by Unescape: the common ones. (Go knows all 2,231 of
 * HTML5; a reference not listed here is left as it is.)
 */
const named: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', deg: '°', euro: '€',
  pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', times: '×', divide: '÷', plusmn: '±', laquo: '«', raquo: '»',
  iexcl: '¡', iquest: '¿', shy: '\u00ad', micro: 'µ', frac12: '½', frac14: '¼', frac34: '¾', sup2: '²', sup3: '³',
  aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', agrave: 'à', egrave: 'è', auml: 'ä', ouml: 'ö', uuml: 'ü',
  Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', ntilde: 'ñ', ccedil: 'ç', larr: '←', rarr: '→', uarr: '↑', darr: '↓',
  hearts: '♥', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', pi: 'π', sigma: 'σ', omega: 'ω', infin: '∞', ne: '≠', le: '≤', ge: '≥',
};

// Code points that a numeric reference maps to something else (Windows-1252 in 0x80-0x9F), as the HTML5 spec says.
const replacements: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6, 0x89: 0x2030,
  0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022,
  0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

export function unescapeHTML(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/g, (m, ref: string) => {
    if (ref.startsWith('#')) {
      const hexRef = ref[1] === 'x' || ref[1] === 'X';
      let c = parseInt(ref.slice(hexRef ? 2 : 1), hexRef ? 16 : 10);
      if (replacements[c] !== undefined) c = replacements[c]!;
      else if (c === 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) || Number.isNaN(c)) c = 0xfffd;
      return String.fromCodePoint(c);
    }
    const v = named[ref];
    return v !== undefined && (m.endsWith(';') || ['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg'].includes(ref)) ? v : m;
  });
}

export function createPackage(): BuiltinPackage {
  return {
    path: 'html',
    funcs: {
      Escape: {
        params: ['string'],
        result: 'string',
        doc: 'escapes <, >, &, \' and " as HTML character references',
        call: ([s]) => str(s).replace(/[<>&'"]/g, (c) => escapes[c]!),
      },
      Unescape: {
        params: ['string'],
        result: 'string',
        doc: 'replaces HTML character references (&lt;, &#39;, &#x27;, ...) by the characters',
        call: ([s]) => unescapeHTML(str(s)),
      },
    },
  };
}

/**
 * A fast-check generator of random, syntactically valid CUE programs (source text), with
 * deliberately messy layout: random spacing, blank lines, one-line and multi-line structs and
 * lists, line breaks after binary operators, doc and line comments. Programs need not
 * evaluate; they exercise the lexer, the parser and the printer.
 *
 * Reuse: `cueProgram()` for whole files, `cueExpr()` for one expression.
 */
import fc from 'fast-check';

export interface ProgramOptions {
  /** Nesting depth of structs, lists and operators. */
  maxDepth?: number;
  /** Most declarations per struct (and per file). */
  maxDecls?: number;
}

const identNames = ['a', 'b', 'c', 'x', 'y', 'foo', 'bar', 'name', '#D', '#Def', '_h', '_#hd', '$v', 'int', 'string', 'number'];
const plainIdent = fc.constantFrom(...identNames);

const space = fc.constantFrom('', ' ', '  ');
const ws = fc.constantFrom(' ', ' ', '  ', '\t');

/** Literals in their many spellings (the printer must keep their values). */
const numberLit = fc.constantFrom('0', '1', '42', '1_000', '0x1F', '0o17', '0b101', '1.5', '.5', '3.', '1e3', '1E-3', '2.5e+2', '1K', '1.5Mi');
const stringChars = fc.constantFrom('a', 'b', ' ', '-', 'é', '☃', '\\n', '\\t', '\\"', '\\\\', '\\u00e9', '{', '}', '(', ')', '#', '\\/');
const simpleString = fc.array(stringChars, { maxLength: 6 }).map((cs) => '"' + cs.join('') + '"');
const bytesLit = fc.array(fc.constantFrom('a', 'b', '\\x00', '\\xff', "\\'", ' '), { maxLength: 4 }).map((cs) => "'" + cs.join('') + "'");
const rawString = fc.constantFrom('#"raw \\n "quoted""#', '#"a\\#(x)b"#');
const multilineString = fc
  .array(fc.constantFrom('line one', 'two "quoted"', '', '\\ttab', 'x\\(a)y'), { minLength: 1, maxLength: 3 })
  .map((lines) => '"""\n' + lines.map((l) => (l === '' ? '' : '\t' + l)).join('\n') + '\n\t"""');
const keywordLit = fc.constantFrom('null', 'true', 'false', '_', '_|_');

const binaryOps = ['|', '&', '||', '&&', '==', '!=', '<', '<=', '>', '>=', '=~', '!~', '+', '-', '*', '/'];
const unaryOps = ['-', '+', '!', '*', '>=', '<', '!=', '=~'];

/** `arb` one time in `n`, otherwise null. */
function sometimes<T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

/** True when the text starts with an operator character (a blank keeps tokens apart). */
function startsWithOperator(s: string): boolean {
  return /^[-+!*<>=~&|/.]/.test(s);
}

function exprArb(maxDepth: number): fc.Arbitrary<string> {
  const { expr } = fc.letrec<{ expr: string; atom: string; struct: string; list: string }>((tie) => ({
    atom: fc.oneof(
      { weight: 4, arbitrary: plainIdent },
      { weight: 3, arbitrary: numberLit },
      { weight: 3, arbitrary: simpleString },
      { weight: 1, arbitrary: bytesLit },
      { weight: 1, arbitrary: rawString },
      { weight: 1, arbitrary: multilineString },
      { weight: 2, arbitrary: keywordLit },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.array(stringChars, { maxLength: 2 }), tie('expr'), fc.array(stringChars, { maxLength: 2 }), space)
          .map(([a, e, b, s]) => '"' + a.join('') + '\\(' + s + e + s + ')' + b.join('') + '"'),
      },
    ),
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth },
      tie('atom'),
      fc.tuple(fc.constantFrom(...binaryOps), tie('expr'), tie('expr'), space, fc.constantFrom(' ', ' ', ' ', ' ', ' ', '\n\t', ' // inner\n\t')).map(
        ([op, l, r, s, brk]) => {
          // `_|_` is one token: keep blanks around `|`.
          const tight = op !== '|' && op.length === 1;
          const right = startsWithOperator(r) || !tight || brk !== ' ' ? ' ' : s;
          // A line break may follow an operator (never precede one: that would end the value).
          return l + (tight && /[\w"')\]}]$/.test(l) ? s : ' ') + op + (brk === ' ' ? right : brk) + r;
        },
      ),
      fc.tuple(fc.constantFrom(...unaryOps), tie('expr')).map(([op, e]) =>
        op + (startsWithOperator(e) || /\s/.test(e) ? '(' + e + ')' : e),
      ),
      tie('expr').map((e) => '(' + e + ')'),
      fc.tuple(plainIdent, fc.constantFrom('b', 'c', '"x-y"', '#D')).map(([a, s]) => a + '.' + s),
      fc.tuple(plainIdent, tie('expr')).map(([a, i]) => a + '[' + i + ']'),
      fc.tuple(fc.constantFrom('len', 'strings.Join', 'close', 'list.Sum'), fc.array(tie('expr'), { maxLength: 3 })).map(
        ([f, args]) => f + '(' + args.join(', ') + ')',
      ),
      tie('struct'),
      tie('list'),
    ),
    struct: fc.oneof(
      { depthSize: 'small', maxDepth },
      fc.constant('{}'),
      fc.array(fc.tuple(plainIdent, tie('expr')), { minLength: 1, maxLength: 3 }).map((fs) =>
        '{' + fs.map(([l, v]) => l + ': ' + v).join(', ') + '}',
      ),
    ),
    list: fc.oneof(
      { depthSize: 'small', maxDepth },
      fc.array(tie('expr'), { maxLength: 4 }).map((es) => '[' + es.join(', ') + ']'),
      fc.tuple(fc.array(fc.tuple(tie('expr'), fc.constantFrom('', '', '', ' // elt', '// doc\n')), { minLength: 1, maxLength: 3 }), fc.boolean()).map(
        ([es, trailingComma]) =>
          '[\n' +
          es
            .map(([e, c], i) => {
              const comma = i < es.length - 1 || trailingComma || c.startsWith(' //') ? ',' : '';
              return c.endsWith('\n') ? '\t' + c + '\t' + e + comma : '\t' + e + comma + c;
            })
            .join('\n') +
          '\n]',
      ),
      fc.tuple(fc.array(tie('expr'), { maxLength: 2 }), fc.option(plainIdent)).map(
        ([es, t]) => '[' + [...es, '...' + (t ?? '')].join(', ') + ']',
      ),
    ),
  }));
  return expr;
}

/** One expression. */
export function cueExpr(options: ProgramOptions = {}): fc.Arbitrary<string> {
  return exprArb(options.maxDepth ?? 3);
}

const marker = fc.constantFrom('', '', '', '?', '!');
/** A label with its marker: `a?`, `"x-y"!`; pattern and dynamic labels take none. */
const label = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(plainIdent.filter((n) => n !== 'int' && n !== 'string' && n !== 'number'), marker).map(([l, m]) => l + m) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('"x-y"', '"a b"', '""', '"\\(k)-z"'), marker).map(([l, m]) => l + m) },
  { weight: 1, arbitrary: fc.constantFrom('[string]', '[=~"^x"]', '[N=_]', '(k)') },
);
const attr = fc.constantFrom('@go(X)', '@json(x,omitempty)', '@tag(env, type=int)');
const docComment = fc.constantFrom('// doc', '// Doc with  spaces', '//\ttab', '// ☃');
const lineComment = fc.constantFrom('// line', '// end of line', '//x');

/** Declarations of a struct body, rendered one per line at `indent` tabs, messy spacing. */
function declsArb(expr: fc.Arbitrary<string>, depth: number, maxDecls: number): fc.Arbitrary<string[]> {
  const field = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), expr, sometimes(attr, 8), space, ws)
    .map(([labels, value, a, s, w]) => labels.map((l) => l + s + ':').join(w) + w + value + (a ? ' ' + a : ''));
  const simple = fc.oneof(
    { weight: 8, arbitrary: field },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('L', 'M'), expr).map(([n, e]) => 'let ' + n + ' = ' + e) },
    { weight: 1, arbitrary: fc.constantFrom('#D', '#Def', '_h', '#D & {a: 1}') },
  );
  const nested: fc.Arbitrary<string> =
    depth <= 0
      ? simple
      : fc.oneof(
          { weight: 4, arbitrary: simple },
          {
            weight: 1,
            arbitrary: fc
              .tuple(label, fc.constant(null).chain(() => declsArb(expr, depth - 1, maxDecls)))
              .map(([l, ds]) => l + ': {\n' + ds.map((d) => indentLines(d)).join('\n') + '\n}'),
          },
          {
            weight: 1,
            arbitrary: fc
              .tuple(
                fc.constantFrom('for k, v in x', 'for v in [1, 2]', 'if a > 1', 'for k, v in x if v != null', 'for v in x let w = v'),
                fc.constant(null).chain(() => declsArb(expr, depth - 1, Math.min(2, maxDecls))),
                fc.boolean(),
              )
              .map(([clauses, ds, oneLine]) =>
                oneLine ? clauses + ' {' + ds.filter((d) => !d.includes('\n') && !d.includes('//')).join(', ') + '}' : clauses + ' {\n' + ds.map(indentLines).join('\n') + '\n}',
              ),
          },
        );
  const decl = fc
    .tuple(nested, sometimes(docComment, 5), sometimes(lineComment, 5), fc.constantFrom('', '', '', '\n'))
    .map(([d, doc, line, blank]) => blank + (doc ? doc + '\n' : '') + d + (line ? ' ' + line : ''));
  return fc.tuple(fc.array(decl, { minLength: 1, maxLength: maxDecls }), sometimes(fc.constant('...'), 6)).map(([ds, e]) => (e ? [...ds, e] : ds));
}

function indentLines(s: string): string {
  // Multi-line strings keep their own indentation rules; indenting every line keeps them valid
  // because the closing quote moves with them.
  return s
    .split('\n')
    .map((l) => (l === '' ? l : '\t' + l))
    .join('\n');
}

/** A whole file: optional package clause and imports, then declarations. */
export function cueProgram(options: ProgramOptions = {}): fc.Arbitrary<string> {
  const maxDepth = options.maxDepth ?? 3;
  const maxDecls = options.maxDecls ?? 6;
  const expr = exprArb(maxDepth);
  const header = fc.tuple(
    sometimes(fc.constantFrom('package p', 'package  foo'), 3),
    sometimes(fc.constantFrom('import "strings"', 'import (\n\t"list"\n  m "math"\n)'), 3),
  );
  return fc.tuple(header, declsArb(expr, 2, maxDecls), fc.option(docComment, { freq: 5 })).map(([[pkg, imp], decls, trailing]) => {
    const parts: string[] = [];
    if (pkg) parts.push(pkg);
    if (imp) parts.push(imp);
    parts.push(...decls);
    if (trailing) parts.push(trailing);
    return parts.join('\n') + '\n';
  });
}

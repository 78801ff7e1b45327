/**
 * The printer on synthetic trees, as the evaluator builds them to print values (dummy spans,
 * `raw` set), and the quoting helpers the evaluator uses.
 */
import { describe, expect, it } from 'vitest';
import { formatFile, formatLabel, printNode, quoteString } from '../src/syntax/printer.js';
import * as b from './arbitraries/ast-builders.js';

describe('quoteString / formatLabel', () => {
  it('quotes and escapes', () => {
    expect(quoteString('plain')).toBe('"plain"');
    expect(quoteString('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(quoteString('a\nb\tc')).toBe('"a\\nb\\tc"');
    expect(quoteString('\u0000\u007f')).toBe('"\\u0000\\u007f"');
    expect(quoteString('\\(x)')).toBe('"\\\\(x)"');
    expect(quoteString('héllo ☃')).toBe('"héllo ☃"');
  });

  it('leaves identifiers bare and quotes the rest', () => {
    expect(formatLabel('name')).toBe('name');
    expect(formatLabel('#Def')).toBe('#Def');
    expect(formatLabel('_hidden')).toBe('_hidden');
    expect(formatLabel('_#hiddenDef')).toBe('_#hiddenDef');
    expect(formatLabel('$x')).toBe('$x');
    expect(formatLabel('x-y')).toBe('"x-y"');
    expect(formatLabel('1a')).toBe('"1a"');
    expect(formatLabel('')).toBe('""');
    expect(formatLabel('a b')).toBe('"a b"');
    expect(formatLabel('if')).toBe('if');
    expect(formatLabel('package')).toBe('package');
    expect(formatLabel('__x')).toBe('"__x"');
    // Keywords are labels too (spec, Keywords), written bare as the pinned CUE does.
    expect(formatLabel('true')).toBe('true');
    expect(formatLabel('null')).toBe('null');
    expect(formatLabel('_')).toBe('"_"');
    expect(formatLabel('app.kubernetes.io/name')).toBe('"app.kubernetes.io/name"');
  });
});

describe('printNode on synthetic trees', () => {
  it('expands structs one field per line and aligns values', () => {
    const v = b.struct([
      b.field('a', b.int(1)),
      b.field('bbb', b.str('x')),
      b.field('c', b.struct([b.field('d', b.bool(true))])),
      b.field('e', b.nul()),
    ]);
    expect(printNode(v)).toBe('{\n\ta:   1\n\tbbb: "x"\n\tc: {\n\t\td: true\n\t}\n\te: null\n}');
  });

  it('prints lists on one line, structs inside them expanded', () => {
    const v = b.list([b.struct([b.field('a', b.int(1))]), b.struct([b.field('b', b.int(2))])]);
    expect(printNode(v)).toBe('[{\n\ta: 1\n}, {\n\tb: 2\n}]');
    expect(printNode(b.list([b.int(1), b.int(2)]))).toBe('[1, 2]');
    expect(printNode(b.list([]))).toBe('[]');
    expect(printNode(b.struct([]))).toBe('{}');
  });

  it('prints defaults, bounds and types', () => {
    const v = b.binary('|', b.unary('*', b.int(1)), b.ident('int'));
    expect(printNode(v)).toBe('*1 | int');
    const bound = b.binary('&', b.unary('>=', b.int(1)), b.unary('<', b.int(10)));
    expect(printNode(bound)).toBe('>=1 & <10');
    expect(printNode(b.unary('!=', b.nul()))).toBe('!=null');
    expect(printNode(b.unary('=~', b.str('^a')))).toBe('=~"^a"');
  });

  it('adds parentheses only where the tree needs them', () => {
    const sum = b.binary('+', b.ident('a'), b.ident('b'));
    expect(printNode(b.binary('*', sum, b.ident('c')))).toBe('(a + b) * c');
    expect(printNode(b.binary('*', b.ident('c'), sum))).toBe('c * (a + b)');
    expect(printNode(b.binary('+', b.ident('c'), sum))).toBe('c + (a + b)');
    expect(printNode(b.binary('+', sum, b.ident('c')))).toBe('a + b + c');
    expect(printNode(b.binary('-', b.ident('a'), b.binary('-', b.ident('b'), b.ident('c'))))).toBe('a - (b - c)');
    expect(printNode(b.unary('-', sum))).toBe('-(a + b)');
    expect(printNode(b.sel(sum, 'x'))).toBe('(a + b).x');
    expect(printNode(b.binary('&', b.binary('|', b.ident('a'), b.ident('b')), b.ident('c')))).toBe('(a | b) & c');
    // A user's parentheses stay.
    expect(printNode(b.paren(b.binary('*', b.ident('a'), b.ident('b'))))).toBe('(a * b)');
  });

  it('spaces mixed operators like cue fmt', () => {
    const e = b.binary('+', b.int(1), b.binary('*', b.int(2), b.int(3)));
    expect(printNode(e)).toBe('1 + 2*3');
    expect(printNode(b.binary('*', b.binary('*', b.int(1), b.int(2)), b.int(3)))).toBe('1 * 2 * 3');
    expect(printNode(b.index(b.ident('x'), b.binary('+', b.ident('i'), b.int(1))))).toBe('x[i+1]');
    expect(printNode(b.index(b.ident('x'), b.binary('|', b.ident('a'), b.ident('b'))))).toBe('x[a | b]');
    expect(printNode(b.index(b.ident('x'), b.binary('+', b.ident('a'), b.unary('+', b.ident('b')))))).toBe('x[a + +b]');
    expect(printNode(b.unary('-', b.unary('-', b.ident('a'))))).toBe('- -a');
    // Slices: blanks around `:` only when both bounds exist and one is binary (cue/format).
    expect(printNode(b.slice(b.ident('l'), b.int(1)))).toBe('l[1:]');
    expect(printNode(b.slice(b.ident('l'), undefined, b.int(2)))).toBe('l[:2]');
    expect(printNode(b.slice(b.ident('l')))).toBe('l[:]');
    expect(printNode(b.slice(b.ident('l'), b.binary('+', b.ident('i'), b.int(1)), b.ident('n')))).toBe('l[i+1 : n]');
    expect(printNode(b.slice(b.ident('l'), b.binary('|', b.ident('a'), b.ident('b')), b.ident('c')))).toBe('l[a | b : c]');
    expect(printNode(b.slice(b.ident('l'), b.binary('+', b.ident('i'), b.int(1))))).toBe('l[i+1:]');
    expect(printNode(b.call(b.sel(b.ident('strings'), 'Join'), [b.ident('x'), b.str(',')]))).toBe('strings.Join(x, ",")');
  });

  it('prints field chains, constraints, aliases and attributes', () => {
    expect(printNode(b.chain(['a', 'b', 'c'], b.int(1)))).toBe('a: b: c: 1');
    expect(printNode(b.field('x', b.ident('string'), { constraint: 'optional' }))).toBe('x?: string');
    expect(printNode(b.field('x', b.ident('string'), { constraint: 'required' }))).toBe('x!: string');
    expect(printNode(b.field(b.str('x-y'), b.int(1)))).toBe('"x-y": 1');
    expect(printNode(b.field('x', b.int(1), { attrs: [b.attr('go', 'X'), b.attr('json', 'x,omitempty')] }))).toBe(
      'x: 1 @go(X) @json(x,omitempty)',
    );
    expect(printNode(b.field('x', b.int(1), { alias: 'X' }))).toBe('X=x: 1');
    expect(printNode(b.field('d', b.int(1), { doc: ['// doc'], line: '// line' }))).toBe('// doc\nd: 1 // line');
  });

  it('prints literals from raw, or from the value when raw is empty', () => {
    expect(printNode(b.str('a"b', ''))).toBe('"a\\"b"');
    expect(printNode(b.float('.5'))).toBe('0.5');
    expect(printNode(b.float('1E3'))).toBe('1e3');
    expect(printNode(b.int('0xFF'))).toBe('0xFF');
    expect(printNode(b.interpolation(['a', b.binary('+', b.ident('x'), b.int(1)), '"b']))).toBe('"a\\(x+1)\\"b"');
  });

  it('prints declarations of every kind', () => {
    const s = b.struct([
      b.embed(b.ident('#Base')),
      b.letClause('x', b.int(1)),
      b.field('y', b.ident('x')),
      b.comprehension([b.forClause('v', b.ident('list'), 'k'), b.ifClause(b.binary('>', b.ident('v'), b.int(1)))], b.struct([b.field(b.interpolation(['', b.ident('k'), '']), b.ident('v'))])),
      b.ellipsis(),
    ]);
    expect(printNode(s)).toBe(
      '{\n\t#Base\n\tlet x = 1\n\ty: x\n\tfor k, v in list if v > 1 {\n\t\t"\\(k)": v\n\t}\n\t...\n}',
    );
    expect(printNode(b.list([b.int(1), b.ellipsis(b.ident('int'))]))).toBe('[1, ...int]');
  });

  it('honours the indent option and expandStructs', () => {
    const v = b.struct([b.field('a', b.int(1))]);
    expect(printNode(v, { indent: 2 })).toBe('{\n\t\t\ta: 1\n\t\t}');
    expect(printNode(b.field('x', v), { indent: 1 })).toBe('x: {\n\t\ta: 1\n\t}');
  });

  it('formats a synthetic file with comments', () => {
    const f = b.file([b.field('a', b.int(1), { doc: ['// first'] }), b.field('bb', b.int(2), { line: '// two' })], {
      trailingComments: [b.comment('// end')],
    });
    expect(formatFile(f)).toBe('// first\na:  1\nbb: 2 // two\n// end\n');
    // As cue/format: an empty file is one empty line.
    expect(formatFile(b.file([]))).toBe('\n');
  });
});

describe('parsed nodes inside synthetic trees', () => {
  it('ignores the source lines of parsed fields placed in a synthetic struct', async () => {
    const { Source } = await import('../src/source/index.js');
    const { parseFile } = await import('../src/syntax/index.js');
    const { file } = parseFile(new Source('p.cue', 'a: 1\n\n\n\nb: x + y\n'));
    // The evaluator may reuse parsed fields in the struct it prints: no blank line between them.
    expect(printNode(b.struct(file.decls))).toBe('{\n\ta: 1\n\tb: x + y\n}');
    // In the parsed file itself the blank line stays.
    expect(formatFile(file)).toBe('a: 1\n\nb: x + y\n');
  });
});

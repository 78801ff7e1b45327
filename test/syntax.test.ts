import { describe, expect, it } from 'vitest';
import { Source } from '../src/source/index.js';
import { decodeNumberLiteral, isDefinitionName, isHiddenName, isIdentifier, keywords, parseExpr, parseFile } from '../src/syntax/index.js';
import { dumpExpr, dumpFile } from '../src/syntax/ast-dump.js';

const parse = (text: string) => parseFile(new Source('in.cue', text));
const dump = (text: string) => {
  const r = parse(text);
  expect(r.errors.map((e) => e.format())).toEqual([]);
  return dumpFile(r.file);
};
const errs = (text: string) => parse(text).errors.map((e) => e.format().trim());
const expr = (text: string) => {
  const r = parseExpr(new Source('-e', text));
  expect(r.errors.map((e) => e.format())).toEqual([]);
  return dumpExpr(r.expr!);
};

describe('parseFile', () => {
  it('parses fields, structs, lists and shorthand', () => {
    expect(dump('a: 1\nb: {c: "x", d: [1, 2, ...int]}\nx: y: z: true')).toBe(
      '(file\n  (field a 1)\n  (field b (struct\n    (field c "x")\n    (field d (list 1 2 (... int)))))\n' +
        '  (field x (struct-short\n    (field y (struct-short\n      (field z true))))))\n',
    );
  });

  it('keeps spans on every node', () => {
    const { file } = parse('a: b + 1');
    const f = file.decls[0]!;
    expect(f.type).toBe('Field');
    if (f.type !== 'Field') return;
    expect([f.span.start, f.span.end]).toEqual([0, 8]);
    expect([f.value.span.start, f.value.span.end]).toEqual([3, 8]);
  });

  it('applies operator precedence: | lowest, then &, ||, &&, comparisons, + -, * /', () => {
    expect(expr('a | b & c || d && e == f + g * h')).toBe('(| a (& b (|| c (&& d (== e (+ f (* g h)))))))');
    expect(expr('1 - 2 - 3')).toBe('(- (- 1 2) 3)');
    expect(expr('*1 | >=2 & <5')).toBe('(| (* 1) (& (>= 2) (< 5)))');
  });

  it('parses labels of every form', () => {
    expect(dump('#D: 1\n_h: 2\n_#hd: 3\n$x: 4\n"q": 5\n(k): 6\n[string]: 7\n[N=string]: 8\nX=l: 9\no?: 10\nr!: 11\nfor: 1\nif: 2\nlet: 3\nin: 4\nimport: 5\npackage: 6\ntrue: 7\nnull: 8')).toContain(
      '(field (pattern N=string) 8)\n  (field X=l 9)\n  (field o? 10)\n  (field r! 11)\n  (field for 1)\n  (field if 2)\n  (field let 3)',
    );
  });

  it('parses comprehensions in structs and lists', () => {
    expect(dump('for k, v in s if v > 1 let w = v {(k): w}\nl: [for x in y {x + 1}]')).toBe(
      '(file\n  (comprehension (for k v s) (if (> v 1)) (let w v) (struct\n    (field (dyn k) w)))\n' +
        '  (field l (list\n    (comprehension (for x y) (struct\n      (embed (+ x 1)))))))\n',
    );
  });

  it('decodes strings, bytes, multi-line and raw strings, interpolations', () => {
    expect(expr('"a\\n\\u00e9\\(x)b"')).toBe('(interp "a\\né" x "b")');
    expect(expr("'\\xff\\101'")).toBe('(bytes "\\xffA")');
    expect(expr('#"a\\(x)\\#(y)"#')).toBe('(interp "a\\\\(x)" y "")');
    expect(expr('"""\n    a\n      b\n    """')).toBe('"a\\n  b"');
    expect(expr('"x\\("y\\(z)")"')).toBe('(interp "x" (interp "y" z "") "")');
  });

  it('inserts commas at line ends, also between list elements', () => {
    expect(dump('a: [\n  1\n  2\n]\nb: f(\n  x,\n  y\n)')).toBe('(file\n  (field a (list 1 2))\n  (field b (call f x y)))\n');
  });

  it('parses package, imports and attributes', () => {
    expect(dump('@if(prod)\npackage p\nimport "strings"\nimport (\n  m "example.com/m:x"\n)\na: 1 @go(A) @json(,omitempty)\n@decl(1)')).toBe(
      '(file\n  @if(prod)\n  (package p)\n  (import (spec "strings"))\n  (import-group (spec m "example.com/m:x"))\n  (field a 1 @go(A) @json(,omitempty))\n  @decl(1))\n',
    );
  });

  it('attaches doc, line and trailing comments', () => {
    const out = dump('// doc a\na: 1 // line a\n\n// doc b\nb: {\n  c: 2\n  // end of b\n}\n// end of file');
    expect(out).toBe(
      '(file\n  (field a 1) (doc "// doc a") (line "// line a")\n  (field b (struct\n    (field c 2)\n    (trailing "// end of b"))) (doc "// doc b")\n  (trailing "// end of file"))\n',
    );
  });
});

describe('syntax errors', () => {
  it('reports CUE-worded errors with positions', () => {
    expect(errs('a: {\n  b: 1\n')).toEqual(["expected '}', found 'EOF':\n    ./in.cue:2:8"]);
    expect(errs('a: {b: 1 c: 2}')).toEqual(["missing ',' in struct literal:\n    ./in.cue:1:10"]);
    expect(errs('a 1')).toEqual(["expected label or ':', found 'INT' 1:\n    ./in.cue:1:3"]);
    expect(errs('a: "abc\nb: 1')).toEqual(['string literal not terminated:\n    ./in.cue:1:4']);
    expect(errs('a: "\\x41"')).toEqual(['hexadecimal escape not allowed in string literal:\n    ./in.cue:1:6']);
    expect(errs('__x: 1')).toEqual(["identifiers starting with '__' are reserved:\n    ./in.cue:1:1"]);
    expect(errs('a: 1 ^ 2')).toEqual(["illegal character U+005E '^':\n    ./in.cue:1:6"]);
    expect(errs('a: [..., 1]')).toEqual(["expected ']', found 'INT' 1:\n    ./in.cue:1:10"]);
    expect(errs('a: 1\n}')).toEqual(["expected 'EOF', found '}':\n    ./in.cue:2:1"]);
  });

  it('reports several errors in one file', () => {
    expect(errs('a: {\n b: 1 +\n}\nc: [1,\nd: ) \n').length).toBeGreaterThanOrEqual(2);
  });

  it('never throws on deep nesting', () => {
    const r = parse('a: ' + '['.repeat(10000) + ']'.repeat(10000));
    expect(r.errors[0]!.message).toMatch(/^nesting too deep \(limit \d+\)$/);
    // Up to the default limit, every kind of nesting parses (no stack overflow).
    const n = 100;
    for (const text of ['{a: '.repeat(n) + '1' + '}'.repeat(n), '['.repeat(n) + '1' + ']'.repeat(n), '"\\('.repeat(n) + '1' + ')"'.repeat(n), '('.repeat(n) + '1' + ')'.repeat(n)]) {
      expect(parse('a: ' + text).errors).toEqual([]);
    }
    expect(parse('a: ' + 'b: '.repeat(5000) + '1').errors[0]!.message).toBe('nesting too deep (limit 100)');
    expect(parse('a: ' + '1 + '.repeat(5000) + '1').errors[0]!.message).toBe('nesting too deep (limit 100)');
  });
});

describe('decodeNumberLiteral', () => {
  const int = (raw: string) => {
    const d = decodeNumberLiteral(raw);
    return 'kind' in d && d.kind === 'int' ? d.value : d;
  };
  it('decodes integers with separators, bases and multipliers', () => {
    expect(int('1_000')).toBe(1000n);
    expect(int('0xBad_Face')).toBe(0xbadfacen);
    expect(int('0o755')).toBe(0o755n);
    expect(int('0b0101_0001')).toBe(81n);
    expect(int('1K')).toBe(1000n);
    expect(int('1Ki')).toBe(1024n);
    expect(int('1.5G')).toBe(1_500_000_000n);
    expect(int('1.3Ki')).toBe(1331n);
    expect(int('170_141_183_460_469_231_731_687_303_715_884_105_727')).toBe(170141183460469231731687303715884105727n);
  });
  it('decodes floats', () => {
    for (const [raw, v] of [['1.', '1'], ['.25', '0.25'], ['1e3', '1000'], ['6.67428e-11', '6.67428e-11'], ['1E6', '1000000'], ['072.40', '72.4']] as const) {
      const d = decodeNumberLiteral(raw);
      expect('kind' in d && d.kind === 'float' ? d.value.equals(v) : d).toBe(true);
    }
  });
  it('rejects malformed numbers', () => {
    expect(decodeNumberLiteral('1__0')).toHaveProperty('error');
    expect(decodeNumberLiteral('0x')).toHaveProperty('error');
    expect(decodeNumberLiteral('0755')).toHaveProperty('error');
  });
});

describe('names', () => {
  it('classifies identifiers', () => {
    expect(isDefinitionName('#X')).toBe(true);
    expect(isDefinitionName('_#X')).toBe(true);
    expect(isDefinitionName('_x')).toBe(false);
    expect(isHiddenName('_x')).toBe(true);
    expect(isHiddenName('_#X')).toBe(true);
    expect(isHiddenName('_')).toBe(false);
    expect(isHiddenName('x')).toBe(false);
    expect(isIdentifier('a-b')).toBe(false);
    expect(isIdentifier('$x')).toBe(true);
    expect(keywords).toContain('package');
  });
});

// The seeded program generator: CUE programs that are usually valid, built from the features
// the evaluator must get right together: structs, definitions and embedding, pattern
// constraints, disjunctions with defaults, bounds, references, comprehensions, `let`, lists
// and builtins. A few programs are wrong on purpose (a conflict, a field a definition does not
// allow, a violated bound), so that both implementations' errors are compared too.
//
// Values are tracked with a small type model so that references, arithmetic and builtins are
// mostly well-typed: {k: 'int' | 'float' | 'string' | 'bool'}, {k: 'list', elem, n} (n
// elements known, or -1) and {k: 'struct', fields: {label: type}}.
import { makeRandom, programSeed } from './random.mjs';
import * as P from './program.mjs';

const T = {
  int: { k: 'int' },
  float: { k: 'float' },
  string: { k: 'string' },
  bool: { k: 'bool' },
};
const scalarTypes = [T.int, T.int, T.string, T.string, T.bool, T.float];
const labels = ['a', 'b', 'c', 'name', 'port', 'kind', 'x', 'y'];
const strings = ['"a"', '"b"', '"web"', '"x-y"', '"nginx"', '""', '"Abc"'];
const floats = ['1.5', '0.5', '2.0', '3.25', '1e2', '0.1'];

class Generator {
  constructor(rnd) {
    this.rnd = rnd;
    this.refs = []; // {path, type, concrete}
    this.decls = [];
    this.n = 0;
  }

  fresh(prefix) {
    return `${prefix}${this.n++}`;
  }

  refsOf(pred) {
    return this.refs.filter((r) => r.concrete && pred(r.type));
  }

  pickRef(pred) {
    const rs = this.refsOf(pred);
    return rs.length ? this.rnd.pick(rs) : undefined;
  }

  // ---- concrete literals ---------------------------------------------------------------

  literal(t, depth = 0) {
    const r = this.rnd;
    switch (t.k) {
      case 'int':
        return P.lit(r.int(-2, 12));
      case 'float':
        return P.lit(r.pick(floats));
      case 'string':
        return P.lit(r.pick(strings));
      case 'bool':
        return P.lit(r.chance(0.5));
      case 'list':
        return P.list(Array.from({ length: t.n >= 0 ? t.n : r.int(0, 3) }, () => this.literal(t.elem, depth + 1)));
      case 'struct':
        return P.struct(...Object.entries(t.fields).map(([l, ft]) => P.field(l, this.literal(ft, depth + 1))));
    }
    throw new Error(`no literal for ${t.k}`);
  }

  /** A type to build a new value of. */
  type(depth = 0) {
    const r = this.rnd;
    return r.weighted([
      [6, () => r.pick(scalarTypes)],
      [depth < 2 ? 2 : 0, () => ({ k: 'list', elem: r.pick([T.int, T.string, T.int]), n: r.int(0, 3) })],
      [depth < 2 ? 3 : 0, () => this.structType(depth + 1)],
    ])();
  }

  structType(depth) {
    const fields = {};
    for (let i = this.rnd.int(1, 3); i > 0; i--) fields[this.rnd.pick(labels)] = this.type(depth);
    return { k: 'struct', fields };
  }

  // ---- concrete-valued expressions -----------------------------------------------------

  /** An expression whose value is concrete and of type t (usually). */
  expr(t, depth = 0) {
    const r = this.rnd;
    if (depth > 3) return this.literal(t, depth);
    const ref = this.pickRef((rt) => sameType(rt, t));
    const options = [
      [3, () => this.literal(t, depth)],
      [ref ? 4 : 0, () => P.ref(ref.path)],
      [2, () => this.derived(t, depth)],
      [1, () => this.defaulted(t, depth)],
    ];
    return r.weighted(options)();
  }

  /** A disjunction whose default has type t: `*v | w | type`. */
  defaulted(t, depth) {
    const r = this.rnd;
    // At least two disjuncts: a lone `*v` is not a disjunction ("preference mark not allowed").
    const arms = [P.arm(this.literal(t, depth + 1), true)];
    const scalar = t.k !== 'list' && t.k !== 'struct';
    if (!scalar || r.chance(0.6)) arms.push(P.arm(this.literal(t, depth + 1)));
    if (scalar && (arms.length === 1 || r.chance(0.5))) arms.push(P.arm(P.lit(t.k)));
    if (r.chance(0.2)) arms.reverse();
    return { k: 'disj', arms };
  }

  /** Operators, builtins and comprehensions producing type t from references. */
  derived(t, depth) {
    const r = this.rnd;
    const d = depth + 1;
    const int = () => this.expr(T.int, d);
    const str = () => this.expr(T.string, d);
    const intList = this.pickRef((x) => x.k === 'list' && x.elem.k === 'int');
    const strList = this.pickRef((x) => x.k === 'list' && x.elem.k === 'string');
    const anyList = this.pickRef((x) => x.k === 'list');
    const structRef = this.pickRef((x) => x.k === 'struct');
    const intStruct = this.pickRef((x) => x.k === 'struct' && Object.values(x.fields).some((f) => f.k === 'int'));
    switch (t.k) {
      case 'int':
        return r.weighted([
          [4, () => P.bin(r.pick(['+', '-', '*']), int(), this.literal(T.int))],
          [2, () => P.call('len', r.pick([anyList, structRef].filter(Boolean).map((x) => P.ref(x.path)).concat([str()])))],
          [1, () => P.call(r.pick(['div', 'mod', 'quo', 'rem']), int(), P.lit(r.pick([1, 2, 3, -2])))],
          [intList ? 1 : 0, () => P.call('list.Sum', P.ref(intList.path))],
          [intList && intList.type.n > 0 ? 1 : 0, () => P.index(P.ref(intList.path), P.lit(r.int(0, intList.type.n - 1)))],
          [intStruct ? 1 : 0, () => P.sel(P.ref(intStruct.path), Object.entries(intStruct.type.fields).find(([, f]) => f.k === 'int')[0])],
          [1, () => P.bin('&', P.lit('int'), int())],
        ])();
      case 'float':
        return r.weighted([
          [2, () => P.bin('*', int(), P.lit(r.pick(floats)))],
          [1, () => P.bin('/', int(), P.lit(r.pick([2, 4])))],
          // Inexact: 34 significant digits in current CUE, about 24 in v0.4.
          [0.3, () => P.bin('/', int(), P.lit(r.pick([3, 7])))],
          [1, () => P.bin('+', this.expr(T.float, d), P.lit(r.pick(floats)))],
        ])();
      case 'string':
        return r.weighted([
          [3, () => P.interp(r.pick(['', 'v-']), this.expr(r.pick([T.int, T.string, T.bool]), d), r.pick(['', '-x']))],
          [2, () => P.bin('+', str(), this.literal(T.string))],
          [1, () => P.call('strings.ToUpper', str())],
          [strList ? 1 : 0, () => P.call('strings.Join', P.ref(strList.path), P.lit('","'))],
          [1, () => P.bin('*', this.literal(T.string), P.lit(r.int(0, 2)))],
        ])();
      case 'bool':
        return r.weighted([
          [3, () => P.bin(r.pick(['<', '<=', '>', '==', '!=']), int(), this.literal(T.int))],
          [2, () => P.bin(r.pick(['==', '!=', '<']), str(), this.literal(T.string))],
          [1, () => P.un('!', this.expr(T.bool, d))],
          [1, () => P.bin(r.pick(['&&', '||']), this.expr(T.bool, d), this.expr(T.bool, d))],
          [1, () => P.bin('=~', str(), P.lit(r.pick(['"^a"', '"b$"', '"[a-z]+"'])))],
          [intList ? 1 : 0, () => P.call('list.Contains', P.ref(intList.path), int())],
          [structRef ? 1 : 0, () => P.bin(r.pick(['!=', '==']), P.sel(P.ref(structRef.path), r.pick(labels)), P.lit('_|_'))],
          // Comparing structs, or values of different kinds (structcmp, current CUE only).
          [structRef ? 0.3 : 0, () => P.bin(r.pick(['==', '!=']), P.ref(structRef.path), this.literal(structRef.type))],
          [0.2, () => P.bin(r.pick(['==', '!=']), int(), this.literal(T.string))],
        ])();
      case 'list': {
        if (t.elem.k === 'int' && intList && r.chance(0.6)) {
          const v = this.fresh('v');
          const body = P.struct(P.embed(P.bin(r.pick(['+', '*']), P.ref(v), P.lit(r.int(1, 3)))));
          const clauses = [P.forClause(r.chance(0.3) ? this.fresh('i') : '', v, P.ref(intList.path))];
          if (r.chance(0.5)) clauses.push(P.ifClause(P.bin(r.pick(['>', '<', '!=']), P.ref(v), P.lit(r.int(0, 4)))));
          t.n = -1;
          return P.listcomp(clauses, body);
        }
        if (r.chance(0.15)) {
          // An open list: export gives its elements.
          return P.list(Array.from({ length: t.n }, () => this.expr(t.elem, d)), r.chance(0.5) ? P.lit('') : P.lit(t.elem.k));
        }
        return P.list(Array.from({ length: t.n }, () => this.expr(t.elem, d)));
      }
      case 'struct':
        return this.structExpr(t, depth);
    }
    return this.literal(t, depth);
  }

  /** A struct value of type t, written in one of several equivalent ways. */
  structExpr(t, depth) {
    const r = this.rnd;
    const entries = Object.entries(t.fields);
    return r.weighted([
      [3, () => P.struct(...entries.map(([l, ft]) => P.field(l, this.expr(ft, depth + 1))))],
      // Sibling references inside the literal: `{a: 1, b: a + 1}`.
      [
        entries.some(([, f]) => f.k === 'int') ? 1 : 0,
        () => {
          const [first] = entries.find(([, f]) => f.k === 'int');
          return P.struct(...entries.map(([l, ft]) => P.field(l, l !== first && ft.k === 'int' && r.chance(0.7) ? P.bin('+', P.ref(first), P.lit(1)) : this.expr(ft, depth + 1))));
        },
      ],
      // Split over two conjuncts: `{a: int, b: string} & {a: 1, b: "x"}`.
      [1, () => P.bin('&', this.schema(t, depth + 1), P.struct(...entries.map(([l, ft]) => P.field(l, this.expr(ft, depth + 1)))))],
      // A struct comprehension over another struct of ints.
      [
        1,
        () => {
          const src = this.pickRef((x) => x.k === 'struct' && Object.keys(x.fields).length > 0 && Object.values(x.fields).every((f) => f.k === 'int'));
          if (!src) return this.literal(t, depth);
          const k = this.fresh('k');
          const v = this.fresh('v');
          const label = r.chance(0.5) ? P.interp(P.ref(k), '_n') : { k: 'ref', s: k };
          t.fields = Object.fromEntries(Object.keys(src.type.fields).map((l) => [label.k === 'ref' ? l : `${l}_n`, T.int]));
          return P.struct(P.comp([P.forClause(k, v, P.ref(src.path))], P.struct(P.field(label, P.bin('+', P.ref(v), P.lit(1))))));
        },
      ],
    ])();
  }

  // ---- constraints ---------------------------------------------------------------------

  /** A constraint that the values of type t generated here satisfy (mostly). */
  constraint(t, value) {
    const r = this.rnd;
    const v = value && value.k === 'lit' ? value.s : undefined;
    switch (t.k) {
      case 'int': {
        const n = v !== undefined ? Number(v) : r.int(0, 5);
        return r.weighted([
          [3, () => P.lit('int')],
          [2, () => P.un('>=', P.lit(n - r.int(0, 2)))],
          [2, () => P.bin('&', P.lit('int'), P.bin('&', P.un('>=', P.lit(n - 1)), P.un('<=', P.lit(n + r.int(0, 3)))))],
          [1, () => P.un('!=', P.lit(n + 1))],
          [1, () => P.lit(r.pick(['number', 'uint8', 'int8']))],
          [1, () => ({ k: 'disj', arms: [P.arm(P.lit(n), r.chance(0.5)), P.arm(P.lit('int'))] })],
          // Wrong on purpose: the value is out of bound.
          [0.3, () => P.un('<', P.lit(n))],
        ])();
      }
      case 'float':
        return P.lit(r.pick(['float', 'number', '>=0.0']));
      case 'string':
        return r.weighted([
          [3, () => P.lit('string')],
          [1, () => P.un('!=', P.lit('"zz"'))],
          [1, () => P.un('=~', P.lit('"^[a-zA-Z-]*$"'))],
          [1, () => P.call('strings.MinRunes', P.lit(r.int(0, 2)))],
          [v ? 1 : 0, () => ({ k: 'disj', arms: [P.arm(P.lit(v)), P.arm(P.lit('"other"'))] })],
        ])();
      case 'bool':
        return P.lit('bool');
      case 'list':
        return r.chance(0.7) ? P.list([], P.lit(t.elem.k)) : P.list([], P.lit(''));
      case 'struct':
        return this.schema(t, 1);
    }
    return P.lit('_');
  }

  /** A struct schema for t: field types, sometimes with defaults, optional extras or `...`. */
  schema(t, depth) {
    const r = this.rnd;
    const decls = Object.entries(t.fields).map(([l, ft]) => P.field(l, this.constraint(ft)));
    if (r.chance(0.3)) decls.push(P.field(r.pick(['opt', 'z']), this.constraint(r.pick(scalarTypes)), '?'));
    if (r.chance(0.2)) decls.push(P.ellipsis());
    if (depth > 2) return P.struct(...decls);
    return P.struct(...decls);
  }

  // ---- top-level declarations ----------------------------------------------------------

  emit(...decls) {
    this.decls.push(...decls);
  }

  register(path, type, concrete = true) {
    this.refs.push({ path, type, concrete });
  }

  /** `x: e` */
  plain() {
    const name = this.fresh('x');
    const t = this.type();
    const e = this.expr(t);
    this.emit(P.field(name, e));
    this.register(name, t);
  }

  /** The same field declared as a constraint and as a value, in either order. */
  split() {
    const r = this.rnd;
    const name = this.fresh('x');
    const t = r.pick(scalarTypes);
    const v = this.expr(t);
    const pair = [P.field(name, this.constraint(t, v)), P.field(name, v)];
    if (r.chance(0.5)) pair.reverse();
    this.emit(...pair);
    this.register(name, t);
  }

  /** A definition and a value of it: `#D & {...}`, `{#D, ...}`, or two declarations. */
  definition() {
    const r = this.rnd;
    const def = this.fresh('#D');
    const t = this.structType(1);
    const decls = [];
    const required = {};
    for (const [l, ft] of Object.entries(t.fields)) {
      const kind = r.weighted([[4, 'required'], [2, 'default'], [1, 'optional'], [0.1, 'must']]);
      if (kind === 'default' && ft.k !== 'struct' && ft.k !== 'list') {
        decls.push(P.field(l, { k: 'disj', arms: [P.arm(this.literal(ft), true), P.arm(P.lit(ft.k))] }));
      } else if (kind === 'optional') {
        decls.push(P.field(l, this.constraint(ft), '?'));
      } else if (kind === 'must') {
        // A required field `l!: T` (current CUE; v0.4 does not parse it).
        decls.push(P.field(l, this.constraint(ft), '!'));
        required[l] = ft;
      } else {
        decls.push(P.field(l, this.constraint(ft)));
        required[l] = ft;
      }
    }
    // Another definition embedded: its fields are allowed too.
    const other = this.refs.find((x) => x.path.startsWith('#D') && !x.path.includes('.') && r.chance(0.3));
    if (other) {
      decls.unshift(P.embed(P.ref(other.path)));
      for (const [l, ft] of Object.entries(other.type.fields)) if (!(l in t.fields)) required[l] = ft;
    }
    // A pattern: for every field when all are ints, else for labels none of them has.
    if (r.chance(0.2)) {
      const allInts = Object.values(t.fields).every((f) => f.k === 'int');
      decls.push(P.pattern(allInts ? P.lit('string') : P.un('=~', P.lit('"^z"')), P.lit('int')));
    }
    if (r.chance(0.1)) decls.push(P.ellipsis());
    this.emit(P.field(def, P.struct(...decls)));
    this.register(def, { k: 'struct', fields: { ...required } }, false);

    const name = this.fresh('x');
    const values = Object.entries(required).map(([l, ft]) => P.field(l, this.expr(ft, 1)));
    if (r.chance(0.12)) values.push(P.field(r.pick(['extra', 'nme', 'a']), this.literal(T.int)));
    const how = r.weighted([[3, 'and'], [2, 'embed'], [2, 'twice'], [1, 'nested']]);
    if (how === 'and') this.emit(P.field(name, P.bin('&', P.ref(def), P.struct(...values))));
    else if (how === 'embed') this.emit(P.field(name, P.struct(P.embed(P.ref(def)), ...values)));
    else if (how === 'twice') this.emit(P.field(name, P.ref(def)), P.field(name, P.struct(...values)));
    else this.emit(P.field(name, P.struct(P.field('inner', P.ref(def)))), P.field(name, P.struct(P.field('inner', P.struct(...values)))));
    if (how !== 'nested') this.register(name, { k: 'struct', fields: required });
  }

  /** Pattern constraints: `x: [string]: T` with fields, or `[N=string]: {name: N}`. */
  patterned() {
    const r = this.rnd;
    const name = this.fresh('x');
    if (r.chance(0.4)) {
      const alias = 'N' + this.n++;
      const keys = ['web', 'db', 'cache'].slice(0, r.int(1, 3));
      this.emit(P.field(name, P.struct(P.pattern(P.lit('string'), P.struct(P.field('name', P.ref(alias)), P.field('port', P.disj(P.arm(P.lit(80), true), P.lit('int')))), alias))));
      this.emit(P.field(name, P.struct(...keys.map((k) => P.field(k, r.chance(0.5) ? P.struct() : P.struct(P.field('port', this.expr(T.int, 2))))))));
      this.register(name, { k: 'struct', fields: Object.fromEntries(keys.map((k) => [k, { k: 'struct', fields: { name: T.string, port: T.int } }])) });
      return;
    }
    const key = r.pick([P.lit('string'), P.un('=~', P.lit('"^a"')), P.un('>', P.lit('"b"'))]);
    const ft = r.pick([T.int, T.string]);
    const keys = r.pick([['a', 'b'], ['ab', 'c'], ['x']]);
    this.emit(P.field(name, P.struct(P.pattern(key, this.constraint(ft)))));
    this.emit(P.field(name, P.struct(...keys.map((k) => P.field(k, this.expr(ft, 2))))));
    this.register(name, { k: 'struct', fields: Object.fromEntries(keys.map((k) => [k, ft])) });
  }

  /** Struct disjunctions discriminated by a field, and scalar defaults unified. */
  disjunction() {
    const r = this.rnd;
    const name = this.fresh('x');
    if (r.chance(0.5)) {
      const a = P.struct(P.field('kind', P.lit('"a"')), P.field('v', P.lit('int')));
      const b = P.struct(P.field('kind', P.lit('"b"')), P.field('w', P.disj(P.arm(P.lit('"s"'), true), P.lit('string'))));
      const d = { k: 'disj', arms: [P.arm(a, r.chance(0.3)), P.arm(b)] };
      const pick = r.pick([
        P.struct(P.field('kind', P.lit('"a"')), P.field('v', this.expr(T.int, 2))),
        P.struct(P.field('kind', P.lit('"b"'))),
        P.struct(P.field('v', this.expr(T.int, 2))),
      ]);
      this.emit(P.field(name, d), P.field(name, pick));
      return;
    }
    const t = r.pick([T.int, T.string]);
    const x = this.defaulted(t, 1);
    const y = r.chance(0.5) ? this.defaulted(t, 1) : this.constraint(t);
    this.emit(P.field(name, r.chance(0.5) ? P.bin('&', x, y) : x));
    if (r.chance(0.5)) this.emit(P.field(name, y));
    this.register(name, t);
  }

  /** Top-level comprehensions: `if cond {f: v}` and `for k, v in s {"\(k)": v}`. */
  comprehension() {
    const r = this.rnd;
    const cond = this.expr(T.bool, 1);
    const name = this.fresh('x');
    const src = this.pickRef((x) => x.k === 'struct');
    if (src && r.chance(0.5)) {
      const k = this.fresh('k');
      const v = this.fresh('v');
      const clauses = [P.forClause(k, v, P.ref(src.path))];
      if (r.chance(0.3)) clauses.push(P.letClause(this.fresh('L'), P.ref(k)));
      this.emit(P.field(name, P.struct(P.comp(clauses, P.struct(P.field(P.interp(P.ref(k), '_c'), P.ref(v)))))));
      return;
    }
    const t = r.pick(scalarTypes);
    this.emit(P.comp([P.ifClause(cond)], P.struct(P.field(name, this.expr(t, 2)))));
  }

  /** `let L = e` and a field using it (an unused let is an error). */
  letBinding() {
    const name = this.fresh('L');
    const t = this.rnd.pick([T.int, T.string, { k: 'list', elem: T.int, n: 2 }]);
    this.emit(P.letDecl(name, this.expr(t, 1)));
    this.register(name, t);
    const x = this.fresh('x');
    this.emit(P.field(x, this.expr(t, 1)));
    this.register(x, t);
    if (!this.decls.slice(-1)[0].v || !JSON.stringify(this.decls.slice(-1)[0].v).includes(`"${name}"`)) {
      this.decls[this.decls.length - 1] = P.field(x, P.ref(name));
    }
  }

  /** A hidden field `_h` used by a later field. */
  hidden() {
    const name = this.fresh('_h');
    const t = this.type(1);
    this.emit(P.field(name, this.expr(t)));
    this.register(name, t);
  }

  /** A value embedded in a struct next to fields, or a struct of nested references. */
  nested() {
    const r = this.rnd;
    const name = this.fresh('x');
    const inner = this.structType(1);
    const decls = [P.field('src', this.structExpr(inner, 1))];
    const firstLabel = Object.keys(inner.fields)[0];
    decls.push(P.field('out', P.sel(P.ref('src'), firstLabel)));
    if (r.chance(0.3)) decls.push(P.letDecl('l' + this.n, P.ref('src')), P.field('copy', P.ref('l' + this.n++)));
    this.emit(P.field(name, P.struct(...decls)));
    this.register(name, { k: 'struct', fields: { src: inner, out: inner.fields[firstLabel] } });
  }

  /** A deliberate error now and then: a conflict or a reference to a missing field. */
  mistake() {
    const r = this.rnd;
    const target = this.pickRef(() => true);
    if (!target || target.path.includes('.') || target.path.startsWith('L')) return;
    this.emit(P.field(target.path, r.chance(0.5) ? this.literal(r.pick(scalarTypes)) : P.struct(P.field('extra', P.lit(1)))));
  }

  /** Embedding, close(), and/or, list element constraints, disjunctions of definitions. */
  shapes() {
    const r = this.rnd;
    const name = this.fresh('x');
    const defs = this.refs.filter((x) => x.path.startsWith('#D') && !x.path.includes('.'));
    const value = (t) => P.struct(...Object.entries(t.fields).map(([l, ft]) => P.field(l, this.expr(ft, 2))));
    r.weighted([
      // A struct embedded in a struct, or a scalar embedded alone.
      [2, () => this.emit(P.field(name, P.struct(P.field('a', this.expr(T.int, 2)), P.embed(P.struct(P.field('b', this.expr(T.string, 2))))))) || this.register(name, { k: 'struct', fields: { a: T.int, b: T.string } })],
      [1, () => this.emit(P.field(name, P.struct(P.embed(this.expr(T.int, 2))))) || this.register(name, T.int)],
      // An embedded comprehension.
      [1, () => this.emit(P.field(name, P.struct(P.field('a', P.lit(1)), P.embed(P.struct(P.comp([P.ifClause(this.expr(T.bool, 2))], P.struct(P.field('b', P.lit(2))))))))) ],
      // close(): a later field is not allowed, unless it is declared.
      [
        1,
        () => {
          this.emit(P.field(name, P.call('close', P.struct(P.field('a', P.lit('int')), P.field('b', P.disj(P.arm(P.lit('"x"'), true), P.lit('string')), '?')))));
          this.emit(P.field(name, P.struct(P.field(r.pick(['a', 'a', 'a', 'c']), this.expr(T.int, 2)))));
        },
      ],
      // and / or of lists of constraints.
      [1, () => this.emit(P.field(name, P.bin('&', P.call('and', P.list([P.lit('int'), P.un('>=', P.lit(r.int(0, 3)))])), this.expr(T.int, 2))))],
      [1, () => this.emit(P.field(name, P.bin('&', P.call('or', P.list([P.lit('"a"'), P.lit('"b"'), P.lit('"web"')])), this.expr(T.string, 2))))],
      // A list whose elements meet a schema, with defaults filled in.
      [
        2,
        () => {
          const elem = P.struct(P.field('a', P.lit('int')), P.field('b', P.disj(P.arm(P.lit(r.int(0, 3)), true), P.lit('int'))));
          const items = Array.from({ length: r.int(0, 3) }, () => P.struct(P.field('a', this.expr(T.int, 2)), ...(r.chance(0.3) ? [P.field('b', this.expr(T.int, 2))] : [])));
          this.emit(P.field(name, P.list([], elem)), P.field(name, P.list(items)));
        },
      ],
      // A disjunction of definitions, resolved by the value.
      [
        defs.length >= 2 ? 2 : 0,
        () => {
          const [a, b] = [r.pick(defs), r.pick(defs)];
          this.emit(P.field(name, P.disj(P.arm(P.ref(a.path), r.chance(0.3)), P.arm(P.ref(b.path)))), P.field(name, value(r.pick([a, b]).type)));
        },
      ],
      // A definition used as a field's type in another definition.
      [
        defs.length >= 1 ? 2 : 0,
        () => {
          const d = r.pick(defs);
          const outer = this.fresh('#D');
          this.emit(P.field(outer, P.struct(P.field('spec', P.ref(d.path)), P.field('n', P.disj(P.arm(P.lit(1), true), P.lit('int'))))));
          this.emit(P.field(name, P.bin('&', P.ref(outer), P.struct(P.field('spec', value(d.type))))));
        },
      ],
      // An optional field tested for existence.
      [
        1,
        () => {
          const opt = this.fresh('#O');
          this.emit(P.field(opt, P.struct(P.field('a', P.lit('int'), '?'), P.field('b', P.lit('string'), '?'))));
          const set = r.chance(0.5);
          this.emit(P.field(name, P.bin('&', P.ref(opt), set ? P.struct(P.field('a', this.expr(T.int, 2))) : P.struct())));
          this.emit(P.comp([P.ifClause(P.bin('!=', P.sel(P.ref(name), 'a'), P.lit('_|_')))], P.struct(P.field(this.fresh('x'), P.sel(P.ref(name), 'a')))));
        },
      ],
    ])();
  }

  program() {
    const r = this.rnd;
    const count = r.int(2, 9);
    for (let i = 0; i < count; i++) {
      r.weighted([
        [4, () => this.plain()],
        [2, () => this.split()],
        [3, () => this.definition()],
        [2, () => this.patterned()],
        [2, () => this.disjunction()],
        [2, () => this.comprehension()],
        [1, () => this.letBinding()],
        [1, () => this.hidden()],
        [1, () => this.nested()],
        [3, () => this.shapes()],
        [0.3, () => this.mistake()],
      ])();
    }
    return P.file(this.decls);
  }
}

function sameType(a, b) {
  if (a.k !== b.k) return false;
  if (a.k === 'list') return sameType(a.elem, b.elem) && (b.n < 0 || a.n === b.n);
  if (a.k === 'struct') return false; // struct references are used through selectors instead
  return true;
}

/** Program `index` of the run seeded with `seed`, as a tree (see program.mjs). */
export function generateProgram(seed, index) {
  return new Generator(makeRandom(programSeed(seed, index))).program();
}

/** The same program as CUE source. */
export function generateSource(seed, index) {
  return P.printProgram(generateProgram(seed, index));
}

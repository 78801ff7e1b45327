/**
 * Evaluated values as CUE syntax (what `cue eval` prints): a synthetic AST printed by the
 * syntax printer. Non-concrete values are shown as constraints (`int`, `>=1 & <=10`,
 * `*"a" | "b"`), definitions are shown, hidden and optional fields on request.
 */
import { Source, type Span } from '../source/index.js';
import type * as A from '../syntax/ast.js';
import { blankLineBefore, formatFile, printNode } from '../syntax/printer.js';
import { parseExpr, parseFile } from '../syntax/index.js';
import { quoteString, formatLabel, quoteMultiline } from '../syntax/printer.js';
import { ArcOptional, ArcRequired, type ComprehensionDecl, type DynamicFieldDecl, type Expr, ExprOp } from '../core/adt.js';
import { ErrorCode } from '../errors/index.js';
import type { Evaluator } from '../core/evaluator.js';
import { type BottomInfo, isIncompleteInfo } from '../core/bottom.js';
import { quoteCueBytes } from '../core/format-value.js';
import { kindName } from '../core/kind.js';
import { isDefinitionLabel, isDefinitionOrHiddenName, isHiddenLabel, isLetLabel, labelName, labelPathText } from '../core/label.js';
import { BasicType, type BoundValue, type Conjunction, Disjunction, type NumLit, ValueType, type Value, impliedByValidators } from '../core/value.js';
import { matchBuiltinRange } from '../core/builtin-range.js';
import { compareNum, makeInt } from '../core/numbers.js';
import { Environment } from '../core/env.js';
import { Kind, NumberKind, TopKind } from '../core/kind.js';
import type { Vertex, WaitingDecl } from '../core/vertex.js';
import { outerRefs } from './outer-refs.js';
import { orderedArcs } from '../core/field-order.js';
import { importedName } from '../syntax/import-path.js';

export interface CueSyntaxOptions {
  /** Show hidden fields (`_x`). */
  hidden?: boolean;
  /** Show optional fields (`a?: T`). */
  optional?: boolean;
  /** Show definitions (default true). */
  definitions?: boolean;
  /** Take defaults (`*1 | int` prints 1), as `eval -c`/`export --out cue` do. */
  final?: boolean;
  /**
   * Print errors where they are, as `_|_ // path: message` (`cue eval -i`, cue's
   * ErrorsAsValues); incomplete values still print as their expressions.
   */
  errorsAsValues?: boolean;
  /** One line, every struct inline (`--out cue+compact`, see PrintOptions.compact). */
  compact?: boolean;
  /** Lay out as cue's pre-v2 printer (CUE_EXPERIMENT=formatv2=0, see PrintOptions.formatV1). */
  formatV1?: boolean;
  /**
   * A value printed on its own (not a whole file) is made self-contained, as `cue eval -e`
   * prints it: an expression still waiting for input that refers to a field outside the
   * value refers instead to a `let` printed after it (see outer-refs.ts).
   */
  selfContained?: boolean;
}

/** A `let` that stands for a field outside the printed value (see CueSyntaxOptions.selfContained). */
interface OuterLet {
  readonly name: string;
  /** How a reference to it is written: the name, or `NAME.#x` for a definition or a non-struct. */
  readonly ref: string;
  readonly target: Vertex;
  value?: A.Expr;
}

const synthetic = new Source('<value>', '');
const span: Span = { src: synthetic, start: 0, end: 0 };

function ident(name: string): A.Ident {
  return { type: 'Ident', span, name };
}

function lit(kind: A.BasicLitKind, raw: string, value = raw): A.BasicLit {
  return { type: 'BasicLit', span, kind, raw, value };
}

class ToCue {
  /** Pattern and list-rest expressions being printed (see `constraint`). */
  private readonly expanding = new Set<Expr>();
  /** The vertices those expressions stand for, while they are printed (see `constraint`). */
  private readonly expandingTargets = new Set<Vertex>();
  /** Validators being printed, by source position (see `value`). */
  private readonly validators = new Set<string>();
  /** Import paths of the builtin packages the output refers to (`strings` for strings.MinRunes). */
  /** The packages the output refers to: local name -> import path. */
  readonly imports = new Map<string, string>();
  /** With selfContained: the value being printed, and the lets for what it refers to outside. */
  private top: Vertex | null = null;
  readonly lets: OuterLet[] = [];
  private readonly letOf = new Map<Vertex, OuterLet>();

  constructor(
    private readonly ev: Evaluator,
    private readonly opts: CueSyntaxOptions,
  ) {}

  /** Prints `v` self-contained: `value`, then the lets (`//cue:path: a.b` above each). */
  selfContained(v: Vertex, print: (x: A.Expr) => string): string {
    v = writtenTarget(this.ev, v) ?? v;
    this.top = v;
    const text = print(this.value(v, 0)).replace(/\n+$/, '');
    // A let's value may add lets of its own: the list grows while it is printed.
    const decls: A.LetClause[] = [];
    for (let i = 0; i < this.lets.length; i++) {
      const l = this.lets[i]!;
      const path = l.target.path().map(labelPathText).join('.');
      const doc: A.Comment = { type: 'Comment', span, text: `//cue:path: ${path || '_'}` };
      decls.push({ type: 'LetClause', span, ident: ident(l.name), expr: l.value ?? ident('_'), comments: { doc: [doc] } });
    }
    const out = decls.length === 0 ? '' : '\n\n' + printLets(decls, this.opts).replace(/\n+$/, '');
    return text + out;
  }

  /**
   * The source text of `x`, with each reference out of the value being printed replaced by
   * its let (selfContained); as written otherwise. A reference that cannot be replaced is an
   * error (NotSelfContained): the value is reported rather than printed so that it would not
   * parse back.
   */
  private readonly written: WrittenText = (env, x, src) => {
    const text = src.src.text.slice(src.start, src.end);
    const top = this.top;
    if (top === null) return text;
    const refs = outerRefs(this.ev, env, x, (v) => isWithin(v, top));
    // A reference that cannot be named from outside (a comprehension's variable, a field of
    // a value made inline that refers back to itself): printed, it would not parse back.
    if (refs === null) throw new NotSelfContained(top);
    if (refs.length === 0) return text;
    let out = text;
    for (const r of [...refs].sort((a, b) => b.start - a.start)) {
      // A reference outside the text printed (it came through another expression): the same.
      if (r.start < src.start || r.end > src.end) throw new NotSelfContained(top);
      out = out.slice(0, r.start - src.start) + this.letReference(r.target) + out.slice(r.end - src.start);
    }
    return out;
  };

  /**
   * How a reference to `t` is written: its let's name, `#x` inside its own let (`let TEST =
   * {#x: {tests: [...#x]}}`, as cue writes it). A let cannot refer to itself otherwise, nor
   * to a let whose value is being printed (a cycle between them): that is an error
   * (NotSelfContained), as those lets would not compile.
   */
  private letReference(t: Vertex): string {
    const l = this.outerLet(t);
    if (l.value !== undefined) return l.ref;
    if (l.ref.endsWith('.#x') && this.top === t) return '#x';
    throw new NotSelfContained(t);
  }

  /** The let for `t`, made (and its value printed, with `t` as what is inside) the first time. */
  private outerLet(t: Vertex): OuterLet {
    let l = this.letOf.get(t);
    if (l) return l;
    const label = t.label;
    const base = (label === null ? 'X' : labelName(label)).replace(/^[#_]+/, '').replace(/[^A-Za-z0-9_]/g, '_').toUpperCase() || 'X';
    let name = /^[0-9]/.test(base) ? `X${base}` : base;
    for (let i = 1; this.lets.some((x) => x.name === name); i++) name = `${base}_${i}`;
    const wrap = (label !== null && isDefinitionLabel(label)) || !t.isStruct;
    l = { name, ref: wrap ? `${name}.#x` : name, target: t };
    this.letOf.set(t, l);
    this.lets.push(l);
    const top = this.top;
    this.top = t;
    try {
      const value = this.vertex(t, 0);
      l.value = wrap ? { type: 'StructLit', span, decls: [{ type: 'Field', span, label: ident('#x'), constraint: 'regular', value, attrs: [] }] } : value;
    } finally {
      this.top = top;
    }
    return l;
  }

  value(v: Value, depth: number): A.Expr {
    switch (v.type) {
      case ValueType.top:
        return ident('_');
      case ValueType.bottom:
        return { type: 'BottomLit', span };
      case ValueType.null:
        return lit('null', 'null');
      case ValueType.bool:
        return lit('bool', v.value ? 'true' : 'false');
      case ValueType.num:
        return lit(v.isInt ? 'int' : 'float', numberText(v));
      // A string with a line break prints as a `"""` block, as CUE's export writes it.
      case ValueType.string:
        return lit('string', v.value.includes('\n') ? quoteMultiline(v.value) : quoteString(v.value), v.value);
      case ValueType.bytes:
        return lit('bytes', v.value.includes(10) ? quoteMultiline(latin1(v.value), "'") : quoteCueBytes(v.value));
      case ValueType.basicType:
        return kindName(v.kind)
          .replace(/^\((.*)\)$/, '$1')
          .split('|')
          .map((k): A.Expr => ident(k))
          .reduce((a, b) => ({ type: 'BinaryExpr', span, op: '|', left: a, right: b }));
      case ValueType.bound:
        return { type: 'UnaryExpr', span, op: v.op, expr: this.value(v.value, depth) };
      case ValueType.validator: {
        const pkg = v.builtin.pkg ? v.builtin.pkg.split('/').pop()! : '';
        if (v.builtin.pkg) this.imports.set(pkg, v.builtin.pkg);
        const fun: A.Expr = pkg ? { type: 'SelectorExpr', span, expr: ident(pkg), sel: ident(v.builtin.name) } : ident(v.builtin.name);
        if (v.args.length === 0 && v.builtin.func.params.length === 1) return fun;
        // A validator whose arguments hold itself (`_s: #x: matchN(1, [_s, [..._s]])`) is
        // printed as written the second time: its arguments are copies, new on every level.
        const key = v.src ? `${v.src.src.name}:${v.src.start}` : null;
        if (key !== null && this.validators.has(key)) return ident(sourceOf(v.src) ?? '_');
        if (key !== null) this.validators.add(key);
        try {
          return { type: 'CallExpr', span, fun, args: v.args.map((a) => this.value(a, depth)) };
        } finally {
          if (key !== null) this.validators.delete(key);
        }
      }
      case ValueType.conjunction: {
        // `string & strings.MinRunes(3)` says no more than the validator.
        const head = conjunctionHead(v);
        const parts: A.Expr[] = head.map((x) => (typeof x === 'string' ? ident(x) : this.value(x, depth)));
        for (const x of v.validators) parts.push(this.value(x, depth));
        return parts.reduce((a, b) => ({ type: 'BinaryExpr', span, op: '&', left: a, right: b }));
      }
      case ValueType.disjunction: {
        if (this.opts.final) {
          const d = this.ev.defaultOf(v);
          if (d.type !== ValueType.disjunction) return this.value(d, depth);
          // Several defaults: the default is their disjunction (`*80 | *443 | int` is `80 | 443`).
          if (d.numDefaults > 1 && d.numDefaults < d.values.length) return this.value(new Disjunction(d.values.slice(0, d.numDefaults), 0), depth);
        }
        const terms = v.values.map((x, i): A.Expr => {
          const e = this.value(x, depth);
          // Every term marked (`*1 | *int`) means the same as none marked; CUE prints the marks
          // as written, and only drops them when taking the default.
          return i < v.numDefaults && (v.numDefaults < v.values.length || !this.opts.final) ? { type: 'UnaryExpr', span, op: '*', expr: e } : e;
        });
        return terms.reduce((a, b) => ({ type: 'BinaryExpr', span, op: '|', left: a, right: b }));
      }
      case ValueType.vertex:
        return this.vertex(v, depth);
    }
  }

  vertex(v: Vertex, depth: number): A.Expr {
    this.ev.evaluate(v);
    if (depth > this.ev.limits.maxDepth) return ident('_');
    const val = v.value;
    if (val && val.type === ValueType.bottom && isIncompleteInfo(val.info) && v.waiting !== null && v.isStruct) {
      // A struct whose comprehensions (or dynamic fields) wait for a value not known yet: its
      // fields, with those as written, as cue eval shows them.
      return { type: 'StructLit', span, decls: this.decls(v, depth) };
    }
    // Not known yet (a cycle, a missing input): show the expressions, as cue eval does. So is
    // an optional field that would repeat its value without end, which is no error: cue
    // prints the reference it holds (`foo?: Foo`, cmd/cue/cmd/testdata/script/eval_rec.txtar).
    if (val && val.type === ValueType.bottom && (isIncompleteInfo(val.info) || (val.info.code === ErrorCode.structuralCycle && v.arcType === ArcOptional))) {
      const written = conjunctExpr(v, this.written);
      if (written) {
        // The text may name imported packages (`strings.ToUpper(b)`): keep their imports.
        for (const c of v.conjuncts) importsUsed(c.expr, this.imports);
        return written;
      }
    }
    if (val && val.type === ValueType.bottom && this.opts.errorsAsValues && !isIncompleteInfo(val.info)) {
      const path = (val.info.path ?? v.path()).map(labelPathText).join('.');
      const text = '// ' + (path ? path + ': ' : '') + oneLineMessage(val.info);
      return { type: 'BottomLit', span, comments: { line: { type: 'Comment', span, text } } };
    }
    if (val && (val.type === ValueType.bottom || val.type === ValueType.disjunction)) return this.value(val, depth);
    if (v.structural === 0) return this.withDefinitions(v, val ? this.value(val, depth) : ident('_'), depth);
    if (v.isList) {
      const elts: A.ListElement[] = [];
      for (const a of v.arcs) if (typeof a.label === 'number') elts.push(this.element(a, depth + 1));
      // Final values (eval's, as cue.Final) close open lists: `[1, ...]` prints `[1]` (CUE's
      // export: no ellipsis when taking defaults).
      if (v.listOpen && !this.opts.final) {
        const rest = v.patterns && v.patterns.length > 0 ? this.listRest(v, depth + 1) : undefined;
        elts.push({ type: 'Ellipsis', span, value: rest });
      }
      return this.withDefinitions(v, { type: 'ListLit', span, elts }, depth);
    }
    return { type: 'StructLit', span, decls: this.decls(v, depth) };
  }

  /**
   * A list element. One that is a number, string or bytes given by a literal keeps the
   * literal as written (`[1_234, 5M, 0x10, #"r"#]`), as CUE's export does: an element's
   * conjunct is its expression itself, where a field's is the field (printed from its value),
   * so only elements show this (internal/core/export/value.go, extractBasic).
   */
  private element(a: Vertex, depth: number): A.Expr {
    this.ev.evaluate(a);
    const val = a.value;
    if (val && a.structural === 0 && (val.type === ValueType.num || val.type === ValueType.string || val.type === ValueType.bytes)) {
      const written = literalText(a);
      if (written !== undefined) return this.withDefinitions(a, lit(val.type === ValueType.num ? (val.isInt ? 'int' : 'float') : val.type === ValueType.string ? 'string' : 'bytes', written), depth);
    }
    return this.vertex(a, depth);
  }

  /**
   * A scalar or list that has definitions (or hidden fields) beside it prints as
   * `{"s", #d: x}` (a scalar first) or `{#d: x, [1]}` (a list last, as lists may be long), as
   * CUE's export does (internal/core/export/value.go, structComposite).
   */
  private withDefinitions(v: Vertex, value: A.Expr, depth: number): A.Expr {
    // Patterns beside a value that is not a struct yet (`{_, [string]: _}`) show too.
    const patterns = value.type !== 'ListLit' && !this.opts.final && (v.patterns?.length ?? 0) > 0;
    if (!patterns && !v.arcs.some((a) => typeof a.label !== 'number')) return value;
    const decls = this.decls(v, depth, true);
    if (decls.length === 0) return value;
    const embed: A.EmbedDecl = { type: 'EmbedDecl', span, expr: value };
    if (value.type === 'ListLit') decls.push(embed);
    else decls.unshift(embed);
    return { type: 'StructLit', span, decls };
  }

  private listRest(v: Vertex, depth: number): A.Expr | undefined {
    const p = v.patterns![0]!;
    const e = p.expr;
    if (e.op === 0 && e.value.type === ValueType.top) return undefined;
    // The depth goes on from the list's: a recursive element type (`#Node: {c: [...#Node]}`)
    // restarted at 0 on every level and overflowed the stack.
    return this.constraint(p.env, e, depth);
  }

  /**
   * A pattern's or list rest's value, evaluated afresh. Inside itself (a recursive schema,
   * `#E: f: [string]: #E | [...#E]`) it is printed as written instead: expanding it again on
   * every level grows as fast as the schema branches, long before the depth limit.
   */
  private constraint(env: Environment, e: Expr, depth: number): A.Expr {
    if (this.expanding.has(e)) return ident(sourceOf(e.src) ?? '_');
    const val = this.ev.evalExpr(env, e);
    // The same schema reached through another constraint of itself (`anyOf?: [...Schema]`,
    // `properties?: [string]: Schema`): each is a new expression, so the check above would
    // let every branch expand the schema again, as many times as it has such fields to the
    // power of the depth.
    const target = val.type === ValueType.vertex ? val : null;
    if (target !== null && this.expandingTargets.has(target)) return ident(sourceOf(e.src) ?? '_');
    this.expanding.add(e);
    if (target !== null) this.expandingTargets.add(target);
    try {
      return this.value(val, depth);
    } finally {
      this.expanding.delete(e);
      if (target !== null) this.expandingTargets.delete(target);
    }
  }

  /** See waitingDecl: `decls` placed among the fields `out`, declared at `at`. */
  private addWaiting(waiting: readonly WaitingDecl[], out: A.Declaration[], at: (Span | undefined)[]): void {
    for (const w of waiting) {
      const d = waitingDecl(w, this.written);
      if (!d) continue;
      importsUsed(w.decl, this.imports);
      let i = out.length;
      const src = w.decl.src!;
      for (let j = 0; j < at.length; j++) {
        const a = at[j];
        if (a && a.src === src.src && a.start > src.start) {
          i = j;
          break;
        }
      }
      out.splice(i, 0, d);
      at.splice(i, 0, src);
    }
  }

  decls(v: Vertex, depth: number, labelsOnly = false): A.Declaration[] {
    const out: A.Declaration[] = [];
    // Where each field was declared, to place what is still waiting among them.
    const at: (Span | undefined)[] = [];
    for (const a of orderedArcs(v)) {
      const l = a.label!;
      if (labelsOnly && typeof l === 'number') continue;
      if (isLetLabel(l)) continue;
      if (isHiddenLabel(l) && !isDefinitionLabel(l) && !this.opts.hidden) continue;
      if (isDefinitionLabel(l) && this.opts.definitions === false) continue;
      if (isHiddenLabel(l) && isDefinitionLabel(l) && !this.opts.hidden) continue;
      if (a.arcType === ArcOptional && !this.opts.optional) continue;
      const name = labelName(l);
      const label: A.Label = typeof l === 'string' && isDefinitionOrHiddenName(l) ? ident(name) : labelExpr(name);
      const constraint: A.FieldConstraint = a.arcType === ArcOptional ? 'optional' : a.arcType === ArcRequired ? 'required' : 'regular';
      const value = this.vertex(a, depth + 1);
      // An error printed as a value (errorsAsValues) carries its message as the field's comment.
      const comments = value.type === 'BottomLit' ? value.comments : undefined;
      if (comments) delete (value as { comments?: A.Comments }).comments;
      out.push({ type: 'Field', span, label, constraint, value, attrs: [], ...(comments ? { comments } : {}) });
      at.push(a.declSrc);
    }
    if (v.waiting !== null && v.value?.type === ValueType.bottom && !labelsOnly) this.addWaiting(v.waiting, out, at);
    // Pattern constraints (`[string]: T`) stay visible, as cue eval shows them.
    if ((v.isStruct || v.structural === 0) && v.patterns && !this.opts.final) {
      for (const p of v.patterns) {
        const env = p.bindsLabel ? new Environment(p.env, null, [new BasicType(Kind.string)]) : p.env;
        const label: A.PatternLabel = { type: 'PatternLabel', span, expr: this.value(p.pattern, depth) };
        out.push({ type: 'Field', span, label, constraint: 'regular', value: this.constraint(env, p.expr, depth + 1), attrs: [] });
      }
    }
    return out;
  }
}

/**
 * The comprehensions and dynamic fields of a struct that wait for a value not known yet,
 * as written, each before the first field declared after it in the same file (cue eval
 * keeps the order of the source: `name: "x"`, then `if p.enabled {...}`, then `c: p.n + 1`).
 * One with a blank line before it in the source keeps it.
 */
function waitingDecl({ decl: x, env }: WaitingDecl, written: WrittenText): A.Declaration | undefined {
  const src = x.src;
  if (!src || src.end <= src.start) return undefined;
  const { file, errors } = parseFile(new Source('<value>', written(env, x, src)));
  if (errors.length > 0 || file.decls.length !== 1 || file.imports.length > 0 || file.package) return undefined;
  const d = built(file.decls[0]!);
  return blankLineBefore({ span: src }) ? ({ ...d, sectionStart: true } as A.Declaration) : d;
}

/**
 * A conjunction's kind and bounds as `cue eval` shows them (current CUE's export, which v0.4.3
 * mostly agrees with): a predeclared range by name (`uint8`, `uint` for `int & >=0`); an int
 * with a lower and an upper bound as `int` or, when the lower bound is not negative, `uint`
 * (`int & >=0 & <10` is `uint & <10`); otherwise the kind, unless a bound implies it, then the
 * bounds. The kind comes first, as current CUE sorts types before bounds (v0.4.3 prints
 * `>10 & int`).
 */
function conjunctionHead(v: Conjunction): (string | BoundValue)[] {
  if (v.validators.length === 0) {
    const name = matchBuiltinRange(v.kind, v.bounds);
    if (name) return [name];
  } else if (v.bounds.length === 0 && impliedByValidators(v)) return [];
  const lower = v.bounds.find((b) => (b.op === '>=' || b.op === '>') && b.value.type === ValueType.num);
  const upper = v.bounds.find((b) => (b.op === '<=' || b.op === '<') && b.value.type === ValueType.num);
  if (v.kind === Kind.int && lower && upper) {
    const sign = compareNum(lower.value as NumLit, makeInt(0n));
    const dropLower = sign === 0 && lower.op === '>=';
    return [sign < 0 ? 'int' : 'uint', ...v.bounds.filter((b) => !(dropLower && b === lower))];
  }
  // number, string and string|bytes are implied by their bounds; `_` by `!=` ones (`!=2 & !=4`).
  const implied = v.bounds.length > 0 && (v.kind === TopKind || v.kind === NumberKind || v.kind === Kind.string || v.kind === (Kind.string | Kind.bytes));
  return implied ? [...v.bounds] : [kindName(v.kind), ...v.bounds];
}

/**
 * A number as CUE syntax: a float keeps a decimal point even when its digits are whole (`2 / 2`
 * is the float `1.0`, not the int `1`), as CUE's printers do.
 */
function numberText(n: NumLit): string {
  return !n.isInt && /^-?\d+$/.test(n.text) ? `${n.text}.0` : n.text;
}

/**
 * The source text of a vertex's conjuncts (`b + 100 & 200`), when they all come from source.
 * A disjunction binds looser than `&`, so with more than one conjunct it is parenthesized:
 * `b & ("A" | "B")`, not `b & "A" | "B"`, which means something else.
 */
function conjunctText(v: Vertex, written: WrittenText = plainText): string | undefined {
  const parts: { text: string; loose: boolean }[] = [];
  for (const c of v.conjuncts) {
    const src = c.expr.op === ExprOp.selector || c.expr.op === ExprOp.error ? (c.expr.whole ?? c.expr.src) : c.expr.src;
    if (!src || src.end <= src.start) return undefined;
    let text = written(c.env, c.expr, src);
    // The struct of a shorthand field (`b: c: 1`) has the text of its one field: `{c: 1}`.
    if (c.expr.op === ExprOp.struct && !c.expr.aliasScope && !text.startsWith('{')) text = `{${text}}`;
    if (!parts.some((p) => p.text === text)) parts.push({ text, loose: isDisjunction(c.expr) && !isParenthesized(text) });
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0]!.text;
  return parts.map((p) => (p.loose ? `(${p.text})` : p.text)).join(' & ');
}

/** The source text of an expression (at `src`), evaluated in `env`, as it is to be printed. */
type WrittenText = (env: Environment, x: Expr | ComprehensionDecl | DynamicFieldDecl, src: Span) => string;

const plainText: WrittenText = (_env, _x, src) => src.src.text.slice(src.start, src.end);

/**
 * A vertex's conjuncts as written (see conjunctText): short text on one line as it is, longer
 * or multi-line text parsed again and laid out by the printer as a value it built (as cue
 * prints an expression it exports: `& {c!: _}` on one line, a list of structs expanded).
 */
function conjunctExpr(v: Vertex, written: WrittenText): A.Expr | undefined {
  const text = conjunctText(v, written);
  if (text === undefined) return undefined;
  if (text.length <= 200 && !text.includes('\n')) return ident(text);
  const { expr, errors } = parseExpr(new Source('<value>', text));
  return expr && errors.length === 0 ? built(expr) : undefined;
}

/** A copy of parsed syntax without positions or comments: laid out as built syntax is. */
function built<T extends object>(node: T): T {
  const copy = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(copy);
    if (x === null || typeof x !== 'object' || x instanceof Source) return x;
    const out: Record<string, unknown> = {};
    for (const [k, y] of Object.entries(x)) {
      if (k === 'comments' || k === 'sectionStart') continue;
      out[k] = k === 'span' ? span : copy(y);
    }
    return out;
  };
  return copy(node) as T;
}

/**
 * An error on one line, as Go's error.Error() gives it: an error made of others (an empty
 * disjunction's) is its own message with its colon, then how many follow (cue/errors list.Msg:
 * `yourIP: 3 errors in empty disjunction: (and 3 more errors)`).
 */
function oneLineMessage(info: BottomInfo): string {
  const message = info.message.replace(/\s*\n\s*/g, ' ');
  const n = info.details?.length ?? 0;
  return n > 0 ? `${message}: (and ${n} more errors)` : message;
}

/**
 * The text of the first conjunct of `v` that is a literal in the source (a number, string or
 * bytes as written: `-1` and `+2` are operations, as in CUE's syntax tree, and interpolations
 * are not literals).
 */
function literalText(v: Vertex): string | undefined {
  for (const c of v.conjuncts) {
    const x = c.expr;
    if (x.op !== ExprOp.value || !x.src || x.src.end <= x.src.start) continue;
    const t = x.src.src.text.slice(x.src.start, x.src.end);
    if (/^[0-9.]/.test(t)) return t;
    if (/^#*("|')/.test(t) && !/\\#*\(/.test(t)) return t;
  }
  return undefined;
}

/** The name a package is imported under by default: the last path element, or its `:name` qualifier. */
/**
 * Adds the packages an expression refers to (its ImportRefX nodes) to `into`. The walk is
 * generic over the expression's properties: positions, resolved targets and vertices are not
 * part of the written expression and are skipped.
 */
function importsUsed(x: object, into: Map<string, string>): void {
  const seen = new Set<object>();
  const skip = new Set(['src', 'whole', 'span', 'target', 'env', 'vertex', 'parent']);
  const walk = (o: unknown, depth: number): void => {
    if (o === null || typeof o !== 'object' || seen.has(o) || depth > 64) return;
    seen.add(o);
    if (Array.isArray(o)) {
      for (const e of o) walk(e, depth + 1);
      return;
    }
    const e = o as { op?: unknown; path?: unknown; name?: unknown; builtin?: { pkg?: string }; src?: Span };
    if (e.op === ExprOp.importRef && typeof e.path === 'string' && typeof e.name === 'string') {
      into.set(e.name, e.path);
      return;
    }
    if (e.op === ExprOp.builtin && e.builtin?.pkg) {
      // A package member resolved at compile time (`s.ToUpper`): its name is as written.
      const written = sourceOf(e.src);
      const dot = written?.indexOf('.') ?? -1;
      into.set(written && dot > 0 ? written.slice(0, dot) : importedName(e.builtin.pkg), e.builtin.pkg);
      return;
    }
    if (o instanceof Map || o instanceof Set || o instanceof Source || 'conjuncts' in o) return; // not syntax (a vertex has conjuncts)
    for (const k of Object.keys(o)) if (!skip.has(k)) walk((o as Record<string, unknown>)[k], depth + 1);
  };
  walk(x, 0);
}

/** The source text of an expression, when it is short and on one line. */
function sourceOf(src: Span | undefined): string | undefined {
  if (!src || src.end <= src.start) return undefined;
  const t = src.src.text.slice(src.start, src.end);
  return t.length > 200 || t.includes('\n') ? undefined : t;
}

/** A disjunction expression, or one folded at compile time into a disjunction value. */
function isDisjunction(x: Expr): boolean {
  return x.op === ExprOp.disjunction || (x.op === ExprOp.value && x.value.type === ValueType.disjunction);
}

/** `(...)` around the whole text (not `(a) | (b)`). */
function isParenthesized(t: string): boolean {
  if (!t.startsWith('(') || !t.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0 && i < t.length - 1) return false;
  }
  return true;
}

function labelExpr(name: string): A.Label {
  // A regular field named "#x" or "_x" must stay quoted, or it reads back as a definition.
  const f = isDefinitionOrHiddenName(name) ? quoteString(name) : formatLabel(name);
  if (f.startsWith('"')) return lit('string', f, name);
  return ident(name);
}

/** The CUE text of a value (an expression; structs as `{...}` blocks). */
export function toCueExpr(ev: Evaluator, v: Value, options: CueSyntaxOptions = {}): string {
  const t = new ToCue(ev, options);
  const print = (x: A.Expr) => printNode(x, { expandStructs: !options.compact, compact: options.compact, programmatic: true, formatV1: options.formatV1 });
  const text = options.selfContained && v.type === ValueType.vertex ? t.selfContained(v, print) : print(t.value(v, 0));
  return t.imports.size === 0 ? text : formatFile(importFile(t.imports, []), { formatV1: options.formatV1 }) + '\n' + text;
}

/**
 * A file of the imports the output uses, as `cue eval` keeps them (`import "strings"` before
 * `t: strings.MinRunes(3)`), in path order, grouped when there are several; a package used
 * under another name than its own keeps that name (`import s "strings"`).
 */
function importFile(used: Map<string, string>, decls: A.Declaration[]): A.File {
  const specs: A.ImportSpec[] = [...used]
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1))
    .map(([name, p]) => ({ type: 'ImportSpec', span, ...(name !== importedName(p) ? { name: ident(name) } : {}), path: lit('string', quoteString(p), p) }));
  const imports: A.ImportDecl[] = specs.length === 0 ? [] : [{ type: 'ImportDecl', span, grouped: specs.length > 1, specs }];
  return { type: 'File', span, attrs: [], imports, decls };
}

/**
 * What an incomplete value printed on its own stands for: a field that only refers to another
 * (`-e y` is the field `_: y`) is that one, whose expression is printed (`x + 1`, not `y`);
 * undefined when v is not incomplete, or refers to nothing (`-e a.nope`: that lookup's error).
 */
function writtenTarget(ev: Evaluator, v: Vertex): Vertex | undefined {
  for (let n = 0; n < 100; n++) {
    ev.evaluate(v);
    const val = v.value;
    if (!val || val.type !== ValueType.bottom || !isIncompleteInfo(val.info)) return n === 0 ? undefined : v;
    if (v.conjuncts.length !== 1) return v;
    const c = v.conjuncts[0]!;
    const x = c.expr;
    if (x.op !== ExprOp.fieldRef && x.op !== ExprOp.selector && x.op !== ExprOp.letRef) return v;
    const r = ev.resolve(c.env, x, null);
    if (r.type !== ValueType.vertex) return undefined;
    if (r === v) return v;
    v = r;
  }
  return v;
}

/**
 * Whether an incomplete value printed on its own (selfContained) shows as its expressions, or
 * a struct with comprehensions still waiting, rather than as an error to report.
 */
export function printsAsWritten(ev: Evaluator, v: Vertex): boolean {
  const t = writtenTarget(ev, v);
  if (!t) return false;
  // A reference cycle (`a: a + 1`) is reported: printed with a let for itself, it would be
  // the same cycle inside a definition, read back as an error of another kind.
  const val = t.value;
  if (val !== null && val.type === ValueType.bottom && val.info.code === ErrorCode.cycle) return false;
  return (t.waiting !== null && t.isStruct) || conjunctText(t) !== undefined;
}

/** Lets as a file prints them, a blank line between them (see ToCue.selfContained). */
function printLets(decls: A.LetClause[], options: CueSyntaxOptions): string {
  const text = formatFile({ type: 'File', span, attrs: [], imports: [], decls }, { programmatic: true, formatV1: options.formatV1 });
  return text.replace(/\n(\/\/cue:path: )/g, '\n\n$1').replace(/^\n+/, '');
}

/**
 * A value on its own that cannot be printed self-contained: its references out of it go round
 * in a cycle (see letReference), or one of them cannot be named from outside (see written).
 */
export class NotSelfContained extends Error {
  constructor(readonly at: Vertex) {
    super(`${at.path().map(labelPathText).join('.') || '_'} refers to values that cannot be printed on their own`);
  }
}

/** Whether v is `top` or below it. */
function isWithin(v: Vertex, top: Vertex): boolean {
  for (let p: Vertex | null = v; p; p = p.parent) if (p === top) return true;
  return false;
}

/** A top-level value as `cue eval` prints it: the fields of a struct without braces. */
export function toCueFile(ev: Evaluator, v: Vertex, options: CueSyntaxOptions = {}): string {
  const t = new ToCue(ev, options);
  ev.evaluate(v);
  if (v.isStruct && (!v.value || v.value.type !== ValueType.bottom || (v.waiting !== null && isIncompleteInfo(v.value.info)))) {
    const decls = t.decls(v, 0);
    return formatFile(importFile(t.imports, decls), { compact: options.compact, programmatic: true, formatV1: options.formatV1 });
  }
  const text = printNode(t.value(v, 0), { expandStructs: !options.compact, compact: options.compact, programmatic: true, formatV1: options.formatV1 }) + '\n';
  return t.imports.size === 0 ? text : formatFile(importFile(t.imports, []), { formatV1: options.formatV1 }) + '\n' + text;
}

/** Bytes as a string of the same char codes (what quoteMultiline takes for bytes). */
function latin1(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

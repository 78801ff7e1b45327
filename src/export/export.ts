/**
 * Export: an evaluated tree to plain values, collecting every error on the way.
 *
 * Regular fields must be concrete (after defaults) unless `concrete` is false; definitions and
 * hidden fields are checked for permanent errors but not exported; optional fields are
 * constraints and are skipped; a required field that is still missing is an error.
 * Incomplete errors are reported only when there is no other error, as CUE does.
 */
import { CueError, ErrorCode, sortErrors } from '../errors/index.js';
import { ArcMember, ArcRequired } from '../core/adt.js';
import { type BottomInfo, isIncompleteInfo } from '../core/bottom.js';
import type { Evaluator } from '../core/evaluator.js';
import { formatValue } from '../core/format-value.js';
import { type Label, isDefinitionLabel, isHiddenLabel, isLetLabel, isRegularLabel, labelName, labelPathText } from '../core/label.js';
import { Disjunction, type Scalar, ValueType, isScalar } from '../core/value.js';
import type { Vertex } from '../core/vertex.js';
import type { Span } from '../source/index.js';
import type { PlainValue } from '../plain/plain-value.js';
import { type ExportSink, JSONTextSink, PlainBuilder, nullSink } from './sink.js';
import { orderedArcs } from '../core/field-order.js';
import { rejectedRequired } from '../core/closedness-check.js';
import { requiredNotPresent } from '../core/required-field.js';

export interface ExportOptions {
  /** Require concrete values (export, vet -c); false reports permanent errors only. */
  concrete?: boolean;
  /** Also descend into definitions and hidden fields for errors (default true). */
  checkDefinitions?: boolean;
  /** Only collect errors (validation): no plain value is built. */
  errorsOnly?: boolean;
}

export interface ExportResult {
  value: PlainValue | undefined;
  errors: CueError[];
}

export function toCueError(info: BottomInfo, path: readonly Label[]): CueError {
  const p = (info.path ?? path).map(labelPathText);
  const details = (info.details ?? []).map((d) => toCueError(d, d.path ?? path));
  const more = (info.more ?? []).map((m) => toCueError(m, m.path ?? path));
  return new CueError(info.code, info.message, p, info.positions, details, info.hint, more, info.primary);
}

/** A path built as a linked list while walking: an array is made only for an error. */
type PathNode = { readonly up: PathNode; readonly label: Label } | null;

function pathOf(p: PathNode): Label[] {
  const out: Label[] = [];
  for (let n = p; n; n = n.up) out.push(n.label);
  return out.reverse();
}

class Exporter {
  readonly errors: CueError[] = [];
  readonly incomplete: CueError[] = [];

  constructor(
    private readonly ev: Evaluator,
    private readonly concrete: boolean,
    private readonly checkDefs: boolean,
    /** What the walk produces (nothing when only validating). */
    private readonly sink: ExportSink,
  ) {}

  report(info: BottomInfo, path: PathNode): void {
    const e = toCueError(info, pathOf(path));
    const into = isIncompleteInfo(info) ? this.incomplete : this.errors;
    if (e.more.length === 0) {
      into.push(e);
      return;
    }
    // A list of errors (the fields of a reference cycle) prints as cue prints it: each error
    // with its own path, once, however many fields of the cycle carry the list.
    for (const x of [e, ...e.more]) {
      const one = x.more.length > 0 ? new CueError(x.code, x.message, x.path, x.positions, x.details, x.hint, [], x.primary) : x;
      const key = `${one.pathString}\u0000${one.message}\u0000${one.locations.map((l) => `${l.file}:${l.offset}`).join(',')}`;
      if (this.listed.has(key)) continue;
      this.listed.add(key);
      into.push(one);
    }
  }

  /** Errors of lists already reported (see report). */
  private readonly listed = new Set<string>();

  /** Values produced so far, against maxOutputValues (a billion-laughs value is huge only on output). */
  private produced = 0;
  private overflow = false;

  /** Walks v into the sink; false when it produced no value (an error, or not concrete). */
  value(v: Vertex, path: PathNode, depth: number): boolean {
    const ev = this.ev;
    if (this.overflow) return false;
    if (++this.produced > ev.limits.maxOutputValues) {
      this.overflow = true;
      this.report({ code: ErrorCode.limit, message: `output too large (limit maxOutputValues = ${ev.limits.maxOutputValues} values)`, positions: v.declSrc ? [v.declSrc] : [] }, path);
      return false;
    }
    ev.evaluate(v);
    if (depth > ev.limits.maxDepth) {
      this.report({ code: ErrorCode.limit, message: `value nesting too deep (limit ${ev.limits.maxDepth})`, positions: [] }, path);
      return false;
    }
    let val = v.value;
    if (val && val.type === ValueType.bottom) {
      this.report(val.info, path);
      // A struct left incomplete (a comprehension over a value not yet known) still has the
      // fields it declares, and their permanent errors are still errors: `x0: 1 & {}` beside
      // an `if` on an ambiguous disjunction fails at x0, as cue reports it.
      if (isIncompleteInfo(val.info)) for (const a of v.arcs) this.memberErrors(a, path, depth);
      return false;
    }
    const sink = this.sink;
    let node: Vertex = v;
    if (val && val.type === ValueType.disjunction) {
      const d = ev.defaultOf(val);
      if (d.type === ValueType.vertex && d.structural !== 0) node = d;
      else if (isScalar(d)) {
        sink.scalar(d);
        return true;
      } else {
        if (d.type === ValueType.bottom) this.report(d.info, path);
        else {
          // Show what is ambiguous: the defaults when there are several, else the default.
          const shown = val.numDefaults > 1 ? new Disjunction(val.values.slice(0, val.numDefaults), val.numDefaults) : val.numDefaults === 1 ? d : val;
          this.incompleteAt(v, formatValue(shown), path);
        }
        return false;
      }
      val = node.value;
      if (val && val.type === ValueType.bottom) {
        this.report(val.info, path);
        return false;
      }
    }
    if (node.structural === 0) {
      if (val && isScalar(val)) {
        sink.scalar(val);
        // A scalar embedded beside definitions (`{2, #x: 1}`) keeps their errors.
        this.checkHidden(node, path, depth);
        return true;
      }
      if (this.concrete) this.incompleteAt(v, val ? formatValue(val) : '_', path);
      return false;
    }
    if (node.isList) {
      sink.beginList();
      // Elements only: a list embedded in a struct keeps that struct's definitions and hidden fields.
      for (const a of node.arcs) if (typeof a.label === 'number') this.child(a, path, a.label, depth + 1);
      sink.endList();
      this.checkHidden(node, path, depth);
      return true;
    }
    sink.beginStruct();
    for (const a of sink.builds ? orderedArcs(node) : node.arcs) {
      const label = a.label!;
      if (!isRegularLabel(label)) continue;
      if (a.arcType !== ArcMember) {
        const rejected = rejectedRequired(a);
        if (rejected) this.report(rejected, { up: path, label });
        else if (a.arcType === ArcRequired && this.concrete) {
          this.report(requiredNotPresent(a), { up: path, label });
        }
        continue;
      }
      sink.field(labelName(label));
      this.child(a, path, label, depth + 1);
    }
    sink.endStruct();
    this.checkHidden(node, path, depth);
    return true;
  }

  /** A field or element: a scalar directly (leafScalar), anything else by the general walk. */
  private child(a: Vertex, path: PathNode, label: Label, depth: number): void {
    const leaf = this.leafScalar(a, depth);
    if (leaf) this.sink.scalar(leaf);
    else this.value(a, { up: path, label }, depth);
  }

  /**
   * The common child, a field whose value (or whose disjunction's default) is a scalar, taken
   * without the general walk: no path node is made, as value() would for its messages. Counts
   * it as value() would; null when value() must look (a struct, a list, an error, a limit).
   */
  private leafScalar(a: Vertex, depth: number): Scalar | null {
    const ev = this.ev;
    ev.evaluate(a);
    if (a.structural !== 0 || a.arcs.length > 0 || this.overflow || depth > ev.limits.maxDepth || this.produced >= ev.limits.maxOutputValues) return null;
    let val = a.value;
    if (val === null) return null;
    if (val.type === ValueType.disjunction) val = ev.defaultOf(val);
    if (!isScalar(val)) return null;
    this.produced++;
    return val;
  }

  /** Definitions and hidden fields are not exported, but their permanent errors count. */
  private checkHidden(v: Vertex, path: PathNode, depth: number): void {
    if (!this.checkDefs) return;
    for (const a of v.arcs) {
      const label = a.label!;
      if (isLetLabel(label)) continue;
      if (!isDefinitionLabel(label) && !isHiddenLabel(label)) continue;
      this.permanentErrors(a, { up: path, label }, depth + 1);
    }
  }

  permanentErrors(v: Vertex, path: PathNode, depth: number): void {
    const ev = this.ev;
    if (depth > ev.limits.maxDepth) return;
    ev.evaluate(v);
    const val = v.value;
    if (val && val.type === ValueType.bottom && !isIncompleteInfo(val.info)) {
      this.report(val.info, path);
      return;
    }
    // An incomplete struct's own fields are still looked at (see value()).
    for (const a of v.arcs) this.memberErrors(a, path, depth);
  }

  /** The permanent errors of an arc of a struct at path: a rejected required field, or a member's. */
  private memberErrors(a: Vertex, path: PathNode, depth: number): void {
    const rejected = rejectedRequired(a);
    if (rejected) this.report(rejected, { up: path, label: a.label! });
    if (a.arcType !== ArcMember || isLetLabel(a.label!)) return;
    this.permanentErrors(a, { up: path, label: a.label! }, depth + 1);
  }

  /**
   * A value that is not concrete, reported as cue reports it: at the positions of the values
   * that make it up (`b: string` at `string`; `dfl: *"b" | string` written twice at both), not
   * at the field.
   */
  private incompleteAt(v: Vertex, text: string, path: PathNode): void {
    const positions: Span[] = [];
    for (const c of v.conjuncts) {
      const src = c.expr.src;
      if (src && src.end > src.start && !positions.some((p) => p.src === src.src && p.start === src.start)) positions.push(src);
    }
    if (positions.length === 0 && v.declSrc) positions.push(v.declSrc);
    this.report({ code: ErrorCode.incomplete, message: `incomplete value ${text}`, positions }, path);
  }
}


/**
 * The same error reached through several references (`b: a` where `a` conflicts, a
 * comprehension copying `a`) is reported once, at the first path met in field order: the field
 * declared first is usually where the values were written (`x2: {src: ..., out: src.a}` before
 * `x3: {for k, v in x2 {...}}`), as cue v0.4.3 reports it; a path in a definition wins
 * (`#T.next` over `x.next` with `x: #T`).
 */
export function dedupeByOrigin(errors: readonly CueError[]): CueError[] {
  const best = new Map<string, CueError>();
  const order: string[] = [];
  for (const e of errors) {
    // The fields of one reference cycle each carry its error (CUE lists every one of them).
    if (e.code === ErrorCode.cycle) {
      const own = `\u0001${order.length}`;
      best.set(own, e);
      order.push(own);
      continue;
    }
    const where = (x: CueError) => x.positions.map((p) => `${p.src.name}:${p.start}`).sort().join(',');
    // An empty disjunction is identified by its branches' errors, not by where the field is.
    const key = e.details.length > 0 ? e.message + '\u0000' + e.details.map((d) => d.message + '@' + where(d)).join('|') : e.message + '\u0000' + where(e);
    const prev = best.get(key);
    if (!prev) {
      best.set(key, e);
      order.push(key);
    } else if (e.positions.length > 0 && inDefinition(e.path) && !inDefinition(prev.path)) {
      best.set(key, e);
    }
  }
  return order.map((k) => best.get(k)!);
}

function inDefinition(path: readonly string[]): boolean {
  return path.some((l) => l.startsWith('#'));
}

/** Exports a value; errors are sorted, and incomplete ones kept only when nothing else failed. */
export function exportPlain(ev: Evaluator, v: Vertex, options: ExportOptions = {}, path: Label[] = []): ExportResult {
  const sink = options.errorsOnly ? nullSink : new PlainBuilder();
  const errors = exportTo(ev, v, sink, options.concrete ?? true, options.checkDefinitions ?? true, path);
  return { value: errors.length === 0 && sink instanceof PlainBuilder ? sink.result : undefined, errors };
}

/**
 * JSON text of a concrete value, as `cue export --out json` prints it (`compact`: as `--out
 * json+compact`), written while the tree is walked (no plain values in between). Any error
 * means no text.
 */
export function exportJSONText(ev: Evaluator, v: Vertex, path: Label[] = [], compact = false): { text: string | undefined; errors: CueError[] } {
  const sink = new JSONTextSink(compact);
  const errors = exportTo(ev, v, sink, true, true, path);
  return { text: errors.length === 0 ? sink.finish() : undefined, errors };
}

function exportTo(ev: Evaluator, v: Vertex, sink: ExportSink, concrete: boolean, checkDefs: boolean, path: Label[]): CueError[] {
  ev.finalize(v);
  const x = new Exporter(ev, concrete, checkDefs, sink);
  let node: PathNode = null;
  for (const l of path) node = { up: node, label: l };
  x.value(v, node, 0);
  if (ev.aborted) return [toCueError(ev.aborted, [])];
  if (x.errors.length > 0) return sortErrors(dedupeByOrigin(x.errors));
  // Every incomplete field is reported, also those reached through a reference (`selector:
  // labels` reports `labels.component` and `selector.component`), as cue does.
  if (concrete && x.incomplete.length > 0) return sortErrors(x.incomplete);
  return [];
}

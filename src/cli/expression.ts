/**
 * `-e EXPR` (and `vet -d EXPR`): an expression evaluated in the scope of the package's top level,
 * as `cue eval -e` does.
 *
 * How: the API has `lookupPath` for plain paths but no "compile in the scope of a value".
 * So an expression is evaluated by compiling the package again with one more file, named
 * `--expression`, that binds it to a hidden field:
 *
 *     import "strings"            // only for packages the expression names (see below)
 *     _cueLiteExpr: EXPR
 *
 * and looking that field up. A hidden field never shows in output and lives in the package's
 * own scope, so the expression sees every top-level field, definition, hidden field and let.
 * Errors are then mapped back so that they read as CUE prints them: positions in the extra
 * file become offsets in EXPR alone (`--expression:1:5`), and the `_cueLiteExpr` path prefix
 * is dropped.
 *
 * Two refinements:
 * - A plain path that exists (`output`, `parameter.image`, `a[0]`, `#Def`) is looked up in
 *   the package directly, with no second compilation; its errors then carry the field's own
 *   path (`a.x: conflicting values ...`), as in CUE.
 * - Like `cue eval -e`, a standard-library package named in the expression (`strings.ToUpper(a)`)
 *   is imported implicitly, unless the package has a top-level field of that name.
 *
 * The expression is parsed first on its own (parseExpr), so a syntax error points into EXPR and
 * nothing else can be smuggled into the extra file.
 */
import { Context, CueError, type InputFile, type Span, Source, type Value, formatFile, parseExpr, parseFile } from '../index.js';

/** The field the extra file binds the expression to. */
const exprField = '_cueLiteExpr';
/** The field `vet -d` fills with each data document (see `unifyData`). */
const dataField = '_cueLiteData';
const exprFileName = '--expression';

/** The result of one expression: a value, or the errors that stop it from having one. */
export interface ExprValue {
  readonly value?: Value;
  readonly errors: readonly CueError[];
  /** Errors must be remapped with this before printing (see mapExprErrors). */
  readonly mapErrors: (errors: readonly CueError[]) => CueError[];
  /** With `dataSlot`: the expression unified with a data value (see evalExpression). */
  readonly unifyData?: (data: Value) => Value;
  /**
   * With `dataSlot`: mapErrors for the errors of unifyData's values. cue builds the schema as a
   * value of its own and unifies each data document with it in another operation, so the
   * references written in EXPR are no positions of those errors (the schema's values are).
   */
  readonly mapDataErrors?: (errors: readonly CueError[]) => CueError[];
}

/**
 * Evaluates EXPR against the package `base` (compiled from `inputs` with `tags`).
 * Never throws for bad input.
 */
export function evalExpression(
  ctx: Context,
  base: Value,
  inputs: readonly InputFile[],
  tags: Record<string, string> | undefined,
  expr: string,
  options: { dataSlot?: boolean; fileName?: string } = {},
): ExprValue {
  const identity = (errors: readonly CueError[]) => [...errors];
  // Errors point into the expression as a file of its own: `--expression`, or `--schema` for -d.
  const src = new Source(options.fileName ?? exprFileName, expr);
  const parsed = parseExpr(src);
  if (parsed.errors.length > 0 || !parsed.expr) return { errors: parsed.errors, mapErrors: identity };

  if (isPlainPath(expr) && !options.dataSlot) {
    const found = base.lookupPath(expr.trim());
    if (found.exists()) return { value: found, errors: [], mapErrors: identity };
  }

  const imports = impliedImports(parsed.expr, base);
  // With a data slot, the expression is also unified with a hidden field that data documents
  // fill (vet -d): `Value.unify` of a looked-up definition would not keep it closed, while
  // `data & #Schema` written in CUE does. The data comes first, as cue unifies each data value
  // with the schema (`conflicting values 1 and float`).
  const slot = options.dataSlot ? `${dataField}: _\n${exprField}: ${dataField}\n` : '';
  const prefix = imports.map((p) => `import "${p}"\n`).join('') + slot + `${exprField}: `;
  const file: InputFile = { name: exprFileName, kind: 'cue', text: prefix + expr + '\n' };
  // The expression sees the whole value, as cue evaluates it in the instance's scope, even the
  // fields of files without a package clause, which the files do not see of each other.
  const withExpr = ctx.compile([...inputs, file], { ...(tags ? { tags } : {}), anonymousFilesApart: true, seeAllFiles: [exprFileName] });
  const mapErrors = (errors: readonly CueError[]) => errors.map((e) => remapError(e, src, prefix.length));
  const value = withExpr.lookupPath(exprField);
  if (!value.exists()) return { errors: mapErrors(withExpr.validate()), mapErrors };
  if (!options.dataSlot) return { value, errors: [], mapErrors };
  const unifyData = (data: Value) => withExpr.fillPath(dataField, data).lookupPath(exprField);
  const refs = referenceStarts(parsed.expr, base);
  const mapDataErrors = (errors: readonly CueError[]) => errors.map((e) => remapError(e, src, prefix.length, refs));
  return { value, errors: [], mapErrors, unifyData, mapDataErrors };
}

/** EXPR in the canonical format (`len([1,2])` -> `len([1, 2])`), as `cue` heads its output; as given when that takes more than one line. */
export function formatExpression(expr: string): string {
  const raw = expr.trim();
  const { file, errors } = parseFile(new Source(exprFileName, `_x: ${raw}\n`));
  if (errors.length > 0) return raw;
  const text = formatFile(file);
  return text.startsWith('_x: ') && text.indexOf('\n') === text.length - 1 ? text.slice(4, -1) : raw;
}

/** `a`, `a.b`, `#D.x`, `a[0]`, `a."x-y"`, `a["x"]`: what lookupPath understands. */
export function isPlainPath(expr: string): boolean {
  const ident = String.raw`[#_]*[\p{L}$_][\p{L}\p{Nd}$_]*`;
  const quoted = String.raw`"(?:[^"\\\n]|\\.)*"`;
  const step = String.raw`(?:\.(?:${ident}|${quoted})|\[(?:\d+|${quoted})\])`;
  return new RegExp(String.raw`^\s*(?:${ident})${step}*\s*$`, 'u').test(expr);
}

/**
 * Standard-library packages the expression uses as `pkg.Name`, by short name. The short names
 * of CUE's standard library (the `pkg/` tree); an import of one cue-lite lacks reports
 * `package not found`, a clean error.
 */
const stdlibPackages: Record<string, string> = {
  hmac: 'crypto/hmac',
  md5: 'crypto/md5',
  sha1: 'crypto/sha1',
  sha256: 'crypto/sha256',
  sha512: 'crypto/sha512',
  base64: 'encoding/base64',
  csv: 'encoding/csv',
  hex: 'encoding/hex',
  json: 'encoding/json',
  yaml: 'encoding/yaml',
  html: 'html',
  list: 'list',
  math: 'math',
  bits: 'math/bits',
  net: 'net',
  path: 'path',
  regexp: 'regexp',
  strconv: 'strconv',
  strings: 'strings',
  struct: 'struct',
  tabwriter: 'text/tabwriter',
  template: 'text/template',
  time: 'time',
  uuid: 'uuid',
};

function impliedImports(expr: unknown, base: Value): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: unknown; expr?: { type?: unknown; name?: unknown } };
    if (n.type === 'SelectorExpr' && n.expr?.type === 'Ident' && typeof n.expr.name === 'string' && Object.hasOwn(stdlibPackages, n.expr.name)) {
      names.add(n.expr.name);
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'src') visit(v);
  };
  visit(expr);
  return [...names].filter((n) => !base.lookupPath(n).exists()).map((n) => stdlibPackages[n]!);
}

/**
 * Where each identifier of EXPR that names a field of the instance starts: its references to
 * the instance (a predeclared `int` or `string` is a value, not a reference).
 */
function referenceStarts(expr: unknown, base: Value): Set<number> {
  const starts = new Set<number>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: unknown; name?: unknown; span?: Span };
    if (n.type === 'Ident' && typeof n.name === 'string' && n.span && base.lookupPath(n.name).exists()) starts.add(n.span.start);
    for (const [k, v] of Object.entries(node)) if (k !== 'span' && k !== 'src') visit(v);
  };
  visit(expr);
  return starts;
}

/**
 * An error of the extra file as if EXPR had been compiled alone; positions at the references
 * `dropRefs` lists (offsets in EXPR) left out, unless nothing else is left.
 */
function remapError(e: CueError, exprSrc: Source, shift: number, dropRefs?: ReadonlySet<number>): CueError {
  const path = e.path[0] === exprField ? e.path.slice(1) : e.path;
  // A position in the lines cue-lite adds before EXPR (the data slot's reference) is no place
  // the user wrote.
  const own = e.positions.filter((s) => s.src.name !== exprFileName || (s.start >= shift && !dropRefs?.has(s.start - shift)));
  const positions = (own.length > 0 ? own : e.positions).map((s): Span => {
    if (s.src.name !== exprFileName) return s;
    const clamp = (o: number) => Math.min(Math.max(o - shift, 0), exprSrc.text.length);
    return { ...s, src: exprSrc, start: clamp(s.start), end: clamp(s.end) };
  });
  return new CueError(e.code, e.message, path, positions, e.details.map((d) => remapError(d, exprSrc, shift, dropRefs)));
}

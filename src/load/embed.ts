/**
 * `@embed(file=...)` and `@embed(glob=...)`: files of the module loaded as data, as the
 * pinned CUE embeds them (cue/interpreter/embed; goldens cmd/cue/cmd/testdata/script/embed*):
 *
 *   @extern(embed)            // a file attribute: the file uses embedding
 *   package foo
 *   a: _ @embed(file="test.json")             // a: _ & <the JSON value>
 *   d: _ @embed(glob="y/*.json")              // d: {"y/a.json": ..., "y/b.json": ...}
 *   c: _ @embed(file="notes.txt", type=text)  // a string
 *   @embed(file="x.json")                     // a declaration: the data embedded in the struct
 *
 * Types: json, yaml, text (by `type=`, or by the extension: .json, .yaml, .yml, .txt). Paths
 * are relative to the CUE file's directory, normalized, never `..` nor absolute; a glob
 * matches within one directory level per segment (no `**`), skips names starting with `.`
 * (unless the pattern's segment does) and directories, and needs a `type=` when its
 * extension has wildcards. Errors use CUE's words, at the attribute.
 *
 * The file's syntax tree is rewritten (a field's value unified with the data, a declaration
 * replaced by an embedding of it) before it is compiled; the data keeps its own positions.
 * Not supported: type=binary, openapi, jsonschema, proto and the other encodings (an error).
 */
import { CueError, ErrorCode } from '../errors/index.js';
import { Source } from '../source/index.js';
import type * as A from '../syntax/ast.js';
import { parseJSONExpr, parseYAMLStream, quoteCUEString } from '../encoding/index.js';
import type { FSReader } from './fs.js';
import { join as joinPath } from './path.js';

/** Whether the file declares `@extern(embed)` before its package clause. */
export function usesEmbed(file: A.File): boolean {
  return file.attrs.some((a) => a.name === 'extern' && a.text.trim() === 'embed');
}

interface EmbedArgs {
  file?: string;
  glob?: string;
  type?: string;
  /** `allowEmptyGlob`: a glob that matches nothing is an empty struct, not an error. */
  allowEmptyGlob?: string;
}

/** `file="x", type=yaml` as key/value pairs (values quoted or bare). */
function parseArgs(text: string): EmbedArgs {
  const out: Record<string, string> = {};
  const re = /\s*([A-Za-z_][\w]*)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^,]*))?\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m[0] !== '') {
    const raw = (m[2] ?? '').trim();
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        value = raw.slice(1, -1);
      }
    }
    out[m[1]!] = value;
  }
  return out;
}

const typeByExt: Record<string, string> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.txt': 'text', '.cue': 'cue', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.ldjson': 'jsonl', '.textproto': 'textproto' };

/**
 * The file with its `@embed` attributes replaced by the data they name, and the errors.
 * `dir` is the file's directory (absolute, `/`-separated); `shown` names a path as positions do.
 */
export async function applyEmbeds(file: A.File, dir: string, fs: FSReader, shown: (abs: string) => string): Promise<{ file: A.File; errors: CueError[] }> {
  const errors: CueError[] = [];
  const dataOf = async (attr: A.Attribute): Promise<A.Expr | undefined> => {
    const fail = (msg: string) => {
      errors.push(new CueError(ErrorCode.eval, `@embed: ${msg}`, [], [attr.span]));
      return undefined;
    };
    const args = parseArgs(attr.text);
    if (args.file === undefined && args.glob === undefined) return fail('attribute must have file or glob field');
    if (args.file !== undefined && args.glob !== undefined) return fail('attribute cannot have both file and glob field');
    if (args.allowEmptyGlob !== undefined && args.glob === undefined) return fail('allowEmptyGlob must be specified with a glob field');
    const p = (args.file ?? args.glob)!;
    if (p.startsWith('/')) return fail('only relative files are allowed');
    const norm = normalize(p);
    if (norm === '..' || norm.startsWith('../')) return fail('cannot refer to parent directory');
    if (norm !== p) return fail(`path not normalized, use ${JSON.stringify(norm)} instead`);
    if (args.glob !== undefined) {
      if (p.includes('**')) return fail(`invalid glob pattern ${JSON.stringify(p)}: '**' is not supported in patterns as of yet`);
      let re: RegExp[];
      try {
        re = p.split('/').map(globSegment);
      } catch {
        return fail(`invalid glob pattern ${JSON.stringify(p)}: syntax error in pattern`);
      }
      const ext = /\.[^./]*$/.exec(p)?.[0];
      if (!args.type && (!ext || /[*?[]/.test(ext))) return fail('extension not fully specified; type argument required');
      const matches = await globFiles(fs, dir, p.split('/'), re);
      if (matches.length === 0 && args.allowEmptyGlob === undefined) return fail(`no matches for glob pattern ${JSON.stringify(p)}`);
      const decls: A.Declaration[] = [];
      for (const rel of matches) {
        const v = await readData(rel, args.type, fail);
        if (!v) return undefined;
        const label: A.BasicLit = { type: 'BasicLit', span: attr.span, kind: 'string', raw: quoteCUEString(rel), value: rel };
        decls.push({ type: 'Field', span: attr.span, label, constraint: 'regular', value: v, attrs: [] });
      }
      return { type: 'StructLit', span: attr.span, decls };
    }
    const kind = await fs.kind(joinPath(dir, p));
    if (kind === 'dir') return fail('cannot embed directories');
    if (kind === undefined) return fail(`open ${p}: no such file or directory`);
    return readData(p, args.type, fail);
  };

  const readData = async (rel: string, type: string | undefined, fail: (m: string) => undefined): Promise<A.Expr | undefined> => {
    const ext = /\.[^./]*$/.exec(rel)?.[0] ?? '';
    const t = type ?? typeByExt[ext];
    if (t === undefined) return fail(ext ? `unknown file extension ${ext}` : 'extension not fully specified; type argument required');
    if (t === 'cue') return fail('encoding "cue" not (yet) supported');
    if (t === 'jsonl') return fail('encoding "jsonl" not (yet) supported: requires support for streaming');
    if (t === 'textproto') return fail('encoding "textproto" not (yet) supported: requires support for schema-guided decoding');
    if (t !== 'json' && t !== 'yaml' && t !== 'text') return fail(`type=${t} is not supported by cue-lite (json, yaml and text are)`);
    const abs = joinPath(dir, rel);
    const r = await fs.readText(abs, shown(abs));
    if (r.text === undefined) {
      errors.push(...r.errors);
      return undefined;
    }
    const src = new Source(shown(abs), r.text);
    const span = { src, start: 0, end: r.text.length };
    if (t === 'text') return { type: 'BasicLit', span, kind: 'string', raw: quoteCUEString(r.text), value: r.text };
    if (t === 'json') {
      const j = parseJSONExpr(src);
      if (!j.expr) {
        errors.push(...j.errors);
        return undefined;
      }
      return j.expr;
    }
    const y = parseYAMLStream(src);
    if (y.errors.length > 0) {
      errors.push(...y.errors);
      return undefined;
    }
    if (y.exprs.length > 1) return fail('streaming not implemented: found more than one value in file');
    return y.exprs[0] ?? { type: 'BasicLit', span, kind: 'null', raw: 'null', value: 'null' };
  };

  const rewriteDecls = async (decls: readonly A.Declaration[]): Promise<A.Declaration[]> => {
    const out: A.Declaration[] = [];
    for (const d of decls) {
      if (d.type === 'Attribute' && d.name === 'embed') {
        const v = await dataOf(d);
        if (v) out.push({ type: 'EmbedDecl', span: d.span, expr: v });
        continue;
      }
      out.push((await rewrite(d)) as A.Declaration);
    }
    return out;
  };
  const rewrite = async (node: unknown): Promise<unknown> => {
    if (Array.isArray(node)) return Promise.all(node.map(rewrite));
    if (!node || typeof node !== 'object') return node;
    const n = node as { type?: string };
    if (n.type === undefined || n.type === 'Comment' || n.type === 'Attribute') return node;
    if (n.type === 'StructLit') return { ...(node as A.StructLit), decls: await rewriteDecls((node as A.StructLit).decls) };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === 'span' || k === 'comments' ? v : await rewrite(v);
    if (n.type === 'Field') {
      const f = out as unknown as A.Field;
      const embeds = f.attrs.filter((a) => a.name === 'embed');
      let value = f.value;
      for (const a of embeds) {
        const v = await dataOf(a);
        if (v) value = { type: 'BinaryExpr', span: value.span, op: '&', left: value, right: v };
      }
      if (embeds.length > 0) return { ...f, value };
    }
    return out;
  };

  const decls = await rewriteDecls(file.decls);
  return { file: { ...file, decls }, errors };
}

function normalize(p: string): string {
  const parts = p.split('/').filter((s, i, all) => s !== '' && s !== '.' && !(s === '' && i < all.length - 1));
  const out: string[] = [];
  for (const s of parts) {
    if (s === '..' && out.length > 0) out.pop();
    else out.push(s);
  }
  return out.join('/');
}

/** One segment of a glob (Go's path.Match): `*`, `?`, `[...]`. Throws on a malformed class. */
function globSegment(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) throw new Error('syntax error in pattern');
      let cls = seg.slice(i + 1, end);
      if (cls.startsWith('^')) cls = '^' + cls.slice(1);
      re += '[' + cls.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (c === '\\' && i + 1 < seg.length) re += '\\' + seg[++i];
    else re += c.replace(/[.+^${}()|\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function globFiles(fs: FSReader, dir: string, segs: readonly string[], res: readonly RegExp[]): Promise<string[]> {
  let paths = [''];
  for (let k = 0; k < segs.length; k++) {
    const last = k === segs.length - 1;
    const next: string[] = [];
    for (const base of paths) {
      const names = (await fs.list(joinPath(dir, base))) ?? [];
      for (const n of names) {
        if (n.startsWith('.') && !segs[k]!.startsWith('.')) continue;
        if (!res[k]!.test(n)) continue;
        const rel = base ? `${base}/${n}` : n;
        const kind = await fs.kind(joinPath(dir, rel));
        if (last ? kind === 'file' : kind === 'dir') next.push(rel);
      }
    }
    paths = next;
  }
  return paths.sort();
}

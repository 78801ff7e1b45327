/// <reference types="node" />
/**
 * The analysis side of the server (it runs in the worker thread): the documents' texts, the
 * instance of each document evaluated once per change, and the answers to the requests that
 * need evaluation (diagnostics, hover, definition, completion, rename). Everything here is
 * synchronous work between awaits of file reads, so the worker answers one request at a time.
 */
import type { CompletionItem, Diagnostic, Hover, Location, Position, WorkspaceEdit } from 'vscode-languageserver';
import { type Instance, instanceKey, loadAlone, loadInstance } from './instance.js';
import { toDiagnostics } from './diagnostics.js';
import { keyToUri, uriToKey } from './text.js';
import { hoverAt } from './hover.js';
import { definitionAt } from './definition.js';
import { completionAt } from './completion.js';
import { prepareRenameAt, renameAt } from './rename.js';

export interface AnalyzerRequest {
  diagnose: { uris: string[] };
  hover: { uri: string; position: Position };
  definition: { uri: string; position: Position };
  completion: { uri: string; position: Position };
  prepareRename: { uri: string; position: Position };
  rename: { uri: string; position: Position; newName: string };
}

export interface AnalyzerResponse {
  diagnose: { uri: string; diagnostics: Diagnostic[] }[];
  hover: Hover | null;
  definition: Location[] | null;
  completion: CompletionItem[];
  prepareRename: { range: import('vscode-languageserver').Range; placeholder: string } | null;
  rename: WorkspaceEdit | null;
}

/**
 * The open documents as of one change: every instance a request uses comes from the one view
 * taken when the request arrived, so that a change arriving while it awaits a file read (the
 * worker takes messages between awaits) is the next request's, never half of this one's.
 */
interface View {
  readonly generation: number;
  readonly open: ReadonlyMap<string, string>;
}

export class Analyzer {
  /** Open documents' texts by key (absolute path, or the URI of a document that is not a file). */
  private readonly open = new Map<string, string>();
  /** One more for every change of a document or on disk. */
  private generation = 0;
  private current: View | null = null;
  /** Instances by key (a package's, or a file's own), each of the generation it was loaded at. */
  private readonly cache = new Map<string, { generation: number; inst: Promise<Instance> }>();
  /** The newest instance of each key that evaluated (for requests while a file has a syntax error). */
  private readonly lastGood = new Map<string, { generation: number; inst: Instance }>();
  /** The files each key last published diagnostics for, to clear files that left the instance. */
  private readonly published = new Map<string, Set<string>>();

  setDocument(uri: string, text: string | null): void {
    const key = uriToKey(uri);
    if (text === null) this.open.delete(key);
    else this.open.set(key, text);
    this.generation++;
    this.current = null;
    if (text === null) this.dropClosed();
  }

  /** How many instances are kept (loaded or loading): none outlives its last open document. */
  get cachedInstances(): number {
    return this.cache.size;
  }

  /**
   * Forgets the instances none of whose files is open any more, so that a long editing session
   * keeps only what its open documents use. An instance still loading is looked at when done.
   */
  private dropClosed(): void {
    for (const [key, entry] of this.cache) {
      void entry.inst.then(
        (inst) => {
          if (this.cache.get(key) !== entry || inst.files.some((f) => this.open.has(f.abs)) || this.open.has(key)) return;
          this.cache.delete(key);
          this.lastGood.delete(key);
          this.published.delete(key);
        },
        () => {
          if (this.cache.get(key) === entry && !this.open.has(key)) this.cache.delete(key);
        },
      );
    }
  }

  /** Files changed on disk (watched files): everything is evaluated again. */
  invalidate(): void {
    this.generation++;
    this.current = null;
  }

  /** The documents as they are now (one copy per change). */
  private view(): View {
    this.current ??= { generation: this.generation, open: new Map(this.open) };
    return this.current;
  }

  /**
   * The instance a document is in: its package's (the same one whichever of the package's
   * documents asks first), or, for a document the package leaves out, its own.
   */
  async instanceOf(uri: string, view: View = this.view()): Promise<Instance> {
    const abs = uriToKey(uri);
    const key = instanceKey(abs, view.open.get(abs) ?? '');
    const inst = await this.load(key, view, () => loadInstance(abs, view.open, key));
    if (inst.files.some((f) => f.abs === abs)) return inst;
    return this.load(abs, view, async () => loadAlone(abs, view.open.get(abs) ?? ''));
  }

  /** The instance of `key` in a view, loaded once per generation. */
  private load(key: string, view: View, loader: () => Promise<Instance>): Promise<Instance> {
    const hit = this.cache.get(key);
    if (hit && hit.generation === view.generation) return hit.inst;
    const { generation } = view;
    const inst = loader();
    // A request of an older view (still running when a change came) does not displace a newer instance.
    if (!hit || hit.generation < generation) this.cache.set(key, { generation, inst });
    inst.then(
      (done) => {
        // Loads may end out of order: only a newer instance replaces the last good one.
        if (done.value && generation >= (this.lastGood.get(key)?.generation ?? -1)) this.lastGood.set(key, { generation, inst: done });
      },
      () => undefined,
    );
    return inst;
  }

  /** The instance to answer position requests from: the current one, or the last that evaluated. */
  async usable(uri: string, view: View = this.view()): Promise<Instance> {
    const inst = await this.instanceOf(uri, view);
    if (inst.value) return inst;
    return this.lastGood.get(inst.key)?.inst ?? inst;
  }

  async handle<K extends keyof AnalyzerRequest>(method: K, params: AnalyzerRequest[K]): Promise<AnalyzerResponse[K]> {
    const v = this.view();
    switch (method) {
      case 'diagnose':
        return (await this.diagnose((params as AnalyzerRequest['diagnose']).uris, v)) as AnalyzerResponse[K];
      case 'hover': {
        const p = params as AnalyzerRequest['hover'];
        return (await hoverAt(await this.usable(p.uri, v), uriToKey(p.uri), p.position)) as AnalyzerResponse[K];
      }
      case 'definition': {
        const p = params as AnalyzerRequest['definition'];
        return (await definitionAt(await this.usable(p.uri, v), uriToKey(p.uri), p.position)) as AnalyzerResponse[K];
      }
      case 'completion': {
        const p = params as AnalyzerRequest['completion'];
        return completionAt(await this.instanceOf(p.uri, v), await this.usable(p.uri, v), uriToKey(p.uri), p.position, v.open.get(uriToKey(p.uri)) ?? '') as AnalyzerResponse[K];
      }
      case 'prepareRename': {
        const p = params as AnalyzerRequest['prepareRename'];
        return prepareRenameAt(await this.instanceOf(p.uri, v), uriToKey(p.uri), p.position) as AnalyzerResponse[K];
      }
      case 'rename': {
        const p = params as AnalyzerRequest['rename'];
        return renameAt(await this.instanceOf(p.uri, v), uriToKey(p.uri), p.position, p.newName) as AnalyzerResponse[K];
      }
    }
    throw new Error(`unknown method ${String(method)}`);
  }

  async diagnose(uris: readonly string[], view: View = this.view()): Promise<AnalyzerResponse['diagnose']> {
    const out = new Map<string, Diagnostic[]>();
    const done = new Set<string>();
    for (const uri of uris) {
      const inst = await this.instanceOf(uri, view);
      if (done.has(inst.key)) continue;
      done.add(inst.key);
      const byName = new Map(inst.files.map((f) => [f.name, f.abs]));
      const abs = uriToKey(uri);
      const diags = toDiagnostics(inst.errors, inst.files.map((f) => f.abs), (n) => byName.get(n), { uriOf: keyToUri }, abs);
      // Files of the last run that are no longer in the instance: cleared.
      for (const f of this.published.get(inst.key) ?? []) if (!diags.has(f)) diags.set(f, []);
      this.published.set(inst.key, new Set(diags.keys()));
      for (const [k, v] of diags) out.set(k, v);
    }
    return [...out].map(([k, diagnostics]) => ({ uri: keyToUri(k), diagnostics }));
  }
}

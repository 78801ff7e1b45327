/// <reference types="node" />
/**
 * The analysis side of the server (it runs in the worker thread): the documents' texts, the
 * instance of each document evaluated once per change, and the answers to the requests that
 * need evaluation (diagnostics, hover, definition, completion, rename). Everything here is
 * synchronous work between awaits of file reads, so the worker answers one request at a time.
 */
import type { CompletionItem, Diagnostic, Hover, Location, Position, WorkspaceEdit } from 'vscode-languageserver';
import { type Instance, instanceKey, loadInstance } from './instance.js';
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

export class Analyzer {
  /** Open documents' texts by key (absolute path, or the URI of a document that is not a file). */
  private readonly open = new Map<string, string>();
  private generation = 0;
  private readonly cache = new Map<string, { generation: number; inst: Promise<Instance> }>();
  /** The last instance of each key that evaluated (for hover and completion while a file has a syntax error). */
  private readonly lastGood = new Map<string, Instance>();
  /** The files each key last published diagnostics for, to clear files that left the instance. */
  private readonly published = new Map<string, Set<string>>();

  setDocument(uri: string, text: string | null): void {
    const key = uriToKey(uri);
    if (text === null) this.open.delete(key);
    else this.open.set(key, text);
    this.generation++;
  }

  /** Files changed on disk (watched files): everything is evaluated again. */
  invalidate(): void {
    this.generation++;
  }

  async instanceOf(uri: string): Promise<Instance> {
    const abs = uriToKey(uri);
    const text = this.open.get(abs) ?? '';
    const key = instanceKey(abs, text);
    const hit = this.cache.get(key);
    if (hit && hit.generation === this.generation) return hit.inst;
    const inst = loadInstance(abs, this.open, key);
    this.cache.set(key, { generation: this.generation, inst });
    const done = await inst;
    if (done.value) this.lastGood.set(key, done);
    return done;
  }

  /** The instance to answer position requests from: the current one, or the last that evaluated. */
  async usable(uri: string): Promise<Instance> {
    const inst = await this.instanceOf(uri);
    if (inst.value) return inst;
    return this.lastGood.get(inst.key) ?? inst;
  }

  async handle<K extends keyof AnalyzerRequest>(method: K, params: AnalyzerRequest[K]): Promise<AnalyzerResponse[K]> {
    switch (method) {
      case 'diagnose':
        return (await this.diagnose((params as AnalyzerRequest['diagnose']).uris)) as AnalyzerResponse[K];
      case 'hover': {
        const p = params as AnalyzerRequest['hover'];
        return (await hoverAt(await this.usable(p.uri), uriToKey(p.uri), p.position)) as AnalyzerResponse[K];
      }
      case 'definition': {
        const p = params as AnalyzerRequest['definition'];
        return (await definitionAt(await this.usable(p.uri), uriToKey(p.uri), p.position)) as AnalyzerResponse[K];
      }
      case 'completion': {
        const p = params as AnalyzerRequest['completion'];
        return completionAt(await this.instanceOf(p.uri), await this.usable(p.uri), uriToKey(p.uri), p.position, this.open.get(uriToKey(p.uri)) ?? '') as AnalyzerResponse[K];
      }
      case 'prepareRename': {
        const p = params as AnalyzerRequest['prepareRename'];
        return prepareRenameAt(await this.instanceOf(p.uri), uriToKey(p.uri), p.position) as AnalyzerResponse[K];
      }
      case 'rename': {
        const p = params as AnalyzerRequest['rename'];
        return renameAt(await this.instanceOf(p.uri), uriToKey(p.uri), p.position, p.newName) as AnalyzerResponse[K];
      }
    }
    throw new Error(`unknown method ${String(method)}`);
  }

  async diagnose(uris: readonly string[]): Promise<AnalyzerResponse['diagnose']> {
    const out = new Map<string, Diagnostic[]>();
    const done = new Set<string>();
    for (const uri of uris) {
      const inst = await this.instanceOf(uri);
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

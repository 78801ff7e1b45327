/// <reference types="node" />
/**
 * The language server's message loop (vscode-languageserver over a stream pair): documents,
 * debounced diagnostics, and the requests. Evaluation-backed requests go to the analysis host
 * (a worker thread); formatting and the outline need only the parser and run here.
 */
import {
  type Connection,
  ErrorCodes,
  type InitializeResult,
  LSPErrorCodes,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisHost, Cancelled } from './analysis-host.js';
import { formatEdits } from './format.js';
import { RequestError } from './request-error.js';
import { documentSymbols } from './symbols.js';

export interface ServerOptions {
  /** The bundle to start as the analysis worker, or null to analyse in this thread. */
  workerScript: string | null;
  /** Quiet time after a change before diagnostics run (ms); `initializationOptions.debounceMs` overrides it. */
  debounceMs?: number;
}

export function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: ServerOptions): Connection {
  const connection = createConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  const host = new AnalysisHost(options.workerScript, (m) => connection.console.error(m));
  let debounceMs = options.debounceMs ?? 50;
  // What the analysis failed to do, in the client's log.
  const failed = (what: string, e: unknown): void => connection.console.error(`cue-lite lsp: ${what} failed: ${e instanceof Error ? e.message : String(e)}`);

  connection.onInitialize((params): InitializeResult => {
    const init = params.initializationOptions as { debounceMs?: unknown } | undefined;
    if (typeof init?.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: ['.', '"'] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentSymbolProvider: true,
        renameProvider: { prepareProvider: true },
      },
      serverInfo: { name: 'cue-lite', version: '0.1.0' },
    };
  });

  // Diagnostics: one run at a time over every document changed since the last run.
  const due = new Set<string>();
  let inFlight: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let run = 0;
  // The first change after a quiet spell is diagnosed at once; changes that follow it within
  // the debounce time wait for quiet (typing), and each newer run cancels an older one.
  let lastChange = -Infinity;
  const schedule = (uri: string): void => {
    due.add(uri);
    if (timer) clearTimeout(timer);
    const now = performance.now();
    const quiet = now - lastChange >= debounceMs && !host.diagnosing;
    lastChange = now;
    timer = setTimeout(diagnose, quiet ? 0 : debounceMs);
  };
  const diagnose = (): void => {
    timer = null;
    const me = ++run;
    // An older run still evaluating is cancelled; its documents are part of this one.
    if (host.diagnosing) host.cancelDiagnostics();
    const uris = [...new Set([...inFlight, ...due])];
    due.clear();
    inFlight = uris;
    // For clients that show progress, and for tests: when a run starts, ends or is cancelled.
    void connection.sendNotification('cueLite/analysis', { state: 'started', run: me, uris });
    const t0 = performance.now();
    host.request('diagnose', { uris }).then(
      (results) => {
        if (me !== run) return;
        inFlight = [];
        void connection.sendNotification('cueLite/analysis', { state: 'done', run: me, ms: Math.round(performance.now() - t0) });
        for (const r of results) {
          // Only documents still open, or files of an open document's instance.
          void connection.sendDiagnostics({ uri: r.uri, diagnostics: r.diagnostics });
        }
      },
      (e: unknown) => {
        if (e instanceof Cancelled) void connection.sendNotification('cueLite/analysis', { state: 'cancelled', run: me });
        if (e instanceof Cancelled || me !== run) return;
        inFlight = [];
        failed('diagnostics', e);
      },
    );
  };

  documents.onDidChangeContent((e) => {
    host.setDocument(e.document.uri, e.document.getText());
    schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    host.setDocument(e.document.uri, null);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // Its package's other open files see it from disk again.
    for (const d of documents.all()) if (d.uri !== e.document.uri) schedule(d.uri);
  });
  connection.onDidChangeWatchedFiles(() => {
    host.invalidate();
    for (const d of documents.all()) schedule(d.uri);
  });

  // A request the analysis failed to answer (it timed out, its worker stopped, a defect): the
  // client gets an empty answer, and the reason in its log (`failed`). A cancelled analysis is
  // never the reason: only diagnostics are cancelled, every other request is answered by the
  // next worker.
  const quiet = async <T>(what: string, f: () => Promise<T>, empty: T): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      failed(what, e);
      return empty;
    }
  };
  connection.onHover((p) => quiet('hover', () => host.request('hover', { uri: p.textDocument.uri, position: p.position }), null));
  connection.onDefinition((p) => quiet('definition', () => host.request('definition', { uri: p.textDocument.uri, position: p.position }), null));
  connection.onCompletion((p) => quiet('completion', () => host.request('completion', { uri: p.textDocument.uri, position: p.position }), []));
  connection.onPrepareRename((p) => quiet('prepareRename', () => host.request('prepareRename', { uri: p.textDocument.uri, position: p.position }), null));
  connection.onRenameRequest(async (p) => {
    try {
      return await host.request('rename', { uri: p.textDocument.uri, position: p.position, newName: p.newName });
    } catch (e) {
      // A bad new name is the user's to see; a failed analysis is logged, and no edit is made.
      if (e instanceof RequestError) return new ResponseError(ErrorCodes.InvalidParams, e.message);
      failed('rename', e);
      return new ResponseError(LSPErrorCodes.RequestFailed, `cue-lite: rename failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  connection.onDocumentFormatting((p) => {
    const d = documents.get(p.textDocument.uri);
    return d ? formatEdits(d.uri, d.getText()) : [];
  });
  connection.onDocumentRangeFormatting((p) => {
    const d = documents.get(p.textDocument.uri);
    return d ? formatEdits(d.uri, d.getText(), p.range) : [];
  });
  connection.onDocumentSymbol((p) => {
    const d = documents.get(p.textDocument.uri);
    return d ? documentSymbols(d.uri, d.getText()) : [];
  });
  connection.onShutdown(() => host.dispose());

  documents.listen(connection);
  connection.listen();
  return connection;
}

// A minimal LSP client over a child process's stdio, as an editor talks to a server:
// Content-Length framed JSON-RPC, requests with ids, notifications, and waits for a
// notification matching a predicate (with a guard against a hang). Shared by test/lsp.test.ts
// and bench/workloads/i-lsp-diagnostics.mjs.
import { spawn } from 'node:child_process';

export class LspClient {
  /** @param {string[]} command node arguments (e.g. [bin, 'lsp', '--stdio']) */
  constructor(command, { cwd } = {}) {
    this.proc = spawn(process.execPath, command, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.buf = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    /** Every notification received, in order: {method, params, at (ms)}. */
    this.notifications = [];
    this.waiters = [];
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d.toString()));
    this.proc.stdout.on('data', (d) => this.#onData(d));
  }

  #onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const i = this.buf.indexOf('\r\n\r\n');
      if (i < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buf.subarray(0, i).toString('ascii'));
      const n = Number(m[1]);
      if (this.buf.length < i + 4 + n) return;
      const msg = JSON.parse(this.buf.subarray(i + 4, i + 4 + n).toString('utf8'));
      this.buf = this.buf.subarray(i + 4 + n);
      if (msg.id !== undefined && msg.method === undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (p) msg.error ? p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code })) : p.resolve(msg.result);
      } else if (msg.id !== undefined) {
        // A request from the server (workspace/configuration, ...): answered empty.
        this.#send({ id: msg.id, result: null });
      } else {
        const note = { method: msg.method, params: msg.params, at: performance.now() };
        this.notifications.push(note);
        this.waiters = this.waiters.filter((w) => !w(note));
      }
    }
  }

  #send(m) {
    const s = JSON.stringify({ jsonrpc: '2.0', ...m });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.#send({ id, method, params });
    });
  }

  notify(method, params) {
    this.#send({ method, params });
  }

  /** The first notification from now on (or already received after `since`) that matches; rejects after `ms`. */
  waitFor(pred, { ms = 10_000, since = Infinity } = {}) {
    const old = this.notifications.find((n) => n.at >= since && pred(n));
    if (old) return Promise.resolve(old);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching notification within ${ms} ms; stderr: ${this.stderr}`)), ms);
      this.waiters.push((n) => {
        if (!pred(n)) return false;
        clearTimeout(timer);
        resolve(n);
        return true;
      });
    });
  }

  /** The next diagnostics published for a URI that satisfy `pred`. */
  diagnostics(uri, pred = () => true, opts = {}) {
    return this.waitFor((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && pred(n.params.diagnostics), opts).then((n) => n.params.diagnostics);
  }

  async initialize(initializationOptions = {}) {
    const r = await this.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions });
    this.notify('initialized', {});
    return r;
  }

  open(uri, text, version = 1) {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cue', version, text } });
  }

  /** Replaces the whole text (a full-document change). */
  change(uri, text, version) {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close() {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    await Promise.race([new Promise((r) => this.proc.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

// A stand-in for the language server's analysis worker (test/lsp-host.test.ts), speaking the
// protocol of runWorker (src/lsp/analysis-host.ts): it keeps the documents it is sent and
// answers a request with the text of the document it names, at once; or fails when that text
// says `fail`, or rejects it as a wrong request when it says `wrong`; or, when it says `hang`,
// never: busy in this thread, as a long evaluation is, until the worker is terminated.
import { parentPort } from 'node:worker_threads';

const docs = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'doc') {
    if (m.text === null) docs.delete(m.uri);
    else docs.set(m.uri, m.text);
    return;
  }
  if (m.type !== 'request') return;
  const text = docs.get(m.params.uri ?? m.params.uris[0]) ?? '';
  if (text === 'hang') for (;;);
  if (text === 'fail') parentPort.postMessage({ id: m.id, error: 'the analysis broke' });
  else if (text === 'wrong') parentPort.postMessage({ id: m.id, error: 'not a name', requestError: true });
  else parentPort.postMessage({ id: m.id, result: { method: m.method, text } });
});

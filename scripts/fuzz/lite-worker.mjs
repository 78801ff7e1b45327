// A worker thread running `cue-lite export --out json -` in process (through the built
// library's CLI entry, dist/lib/cli/main.js), one program at a time. A thread, so that a program
// that makes cue-lite loop can be stopped by terminating the worker.
import { parentPort, workerData } from 'node:worker_threads';

const { main } = await import(workerData.cliModule);

parentPort.on('message', async ({ id, text }) => {
  let stdout = '';
  let stderr = '';
  let code;
  try {
    code = await main(['export', '--out', 'json', '-'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      readStdin: async () => text,
      cwd: workerData.cwd,
    });
  } catch (e) {
    code = -1;
    stderr += `crash: ${e?.stack ?? e}\n`;
  }
  parentPort.postMessage({ id, code, stdout, stderr });
});

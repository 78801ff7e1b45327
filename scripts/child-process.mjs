// Small process helpers shared by the scripts that run programs side by side
// (differential.mjs's golden mode, the fuzzer's reference runner).
import { spawn } from 'node:child_process';

/** A tiny semaphore: at most n calls of fn at once. */
export function limiter(n) {
  let active = 0;
  const waiting = [];
  return async (fn) => {
    if (active >= n) await new Promise((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * Runs a command to completion: {code, stdout, stderr, timedOut}. It is killed after
 * timeoutMs; `input`, when given, is written to its standard input. Never rejects: a command
 * that cannot start gives code -1 and the reason (`describeError`) in stderr.
 */
export function runCommand(command, args, { cwd, input, timeoutMs, describeError = (e) => String(e) }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: describeError(e), timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, timedOut });
    });
    if (input !== undefined) {
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
  });
}

// Finding a Chromium for the playground's browser tests and screenshot: the system's own
// (Debian's `chromium` package), driven by playwright-core without any browser download.
// CUE_LITE_CHROMIUM names another executable.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The path of a Chromium executable, or null. */
export function findChromium(env = process.env) {
  const candidates = env.CUE_LITE_CHROMIUM ? [env.CUE_LITE_CHROMIUM] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).flatMap((d) => names.map((n) => path.join(d, n)));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Launch options: headless, and no sandbox when running as root (CI containers). */
export function launchOptions(executablePath) {
  const args = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
  return { executablePath, headless: true, args };
}

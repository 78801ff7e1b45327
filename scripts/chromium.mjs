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

/**
 * Launches headless Chromium with playwright-core's `chromium` driver. Chromium's sandbox needs
 * user namespaces, which containers often lack (and root may not use it at all): without them
 * the launch fails, and it is tried once more with --no-sandbox (the page is our own).
 */
export async function launchChromium(driver, executablePath) {
  // Chromium refuses to run as root with its sandbox: no use trying.
  if (typeof process.getuid === 'function' && process.getuid() === 0) return driver.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  try {
    return await driver.launch({ executablePath, headless: true });
  } catch (first) {
    try {
      return await driver.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    } catch {
      throw first;
    }
  }
}

/**
 * The playground (playground/) in a real browser: headless Chromium (the system's, Debian's
 * `chromium` package) driven by playwright-core, the page opened from file:// as a user opens
 * it. Without Chromium these tests are skipped with a notice; CUE_LITE_REQUIRE_BROWSER=1 (set by
 * .ci/run) makes a missing Chromium a failure. The page is built first when playground/dist is
 * missing or older than its sources. One browser for the file; each test waits for what it
 * checks (10 s guard), never for a fixed time.
 */
import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error: a plain .mjs script without types
import { findChromium, launchChromium } from '../scripts/chromium.mjs';
// @ts-expect-error: a plain .mjs script without types
import { buildPlayground } from '../scripts/build-playground.mjs';
// @ts-expect-error: a plain .mjs script without types
import { playgroundIsStale } from '../scripts/playground-freshness.mjs';

const chromium: string | null = findChromium();
const required = process.env.CUE_LITE_REQUIRE_BROWSER === '1';
const dist = path.join(import.meta.dirname, '..', 'playground', 'dist');
const page = pathToFileURL(path.join(dist, 'index.html')).href;
const guard = { timeout: 10_000 };

if (!chromium && !required) {
  console.warn(
    'NOTICE: playground browser tests skipped: no Chromium found (install Debian\'s chromium package, or set CUE_LITE_CHROMIUM to an executable).',
  );
}

describe('playground browser tests need Chromium', () => {
  it.runIf(required)('finds Chromium when CUE_LITE_REQUIRE_BROWSER=1', () => {
    expect(chromium, 'CUE_LITE_REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium, or set CUE_LITE_CHROMIUM)').not.toBeNull();
  });
});

describe.skipIf(!chromium)(`playground in headless Chromium (${chromium ?? 'no Chromium: skipped'})`, () => {
  let browser: Browser;

  beforeAll(async () => {
    if (playgroundIsStale()) await buildPlayground();
    const { chromium: driver } = await import('playwright-core');
    browser = await launchChromium(driver, chromium);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string): Promise<Page> {
    const p = await browser.newPage();
    const problems: string[] = [];
    p.on('pageerror', (e) => problems.push(e.message));
    p.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await p.goto(url);
    // The first evaluation of whatever the page shows first.
    await p.waitForFunction(() => document.documentElement.dataset.firstEvaluationMs !== undefined, null, guard);
    expect(problems).toEqual([]);
    return p;
  }

  /** Waits until `selector`'s text contains `text`; on a timeout, says what it held instead. */
  async function waitForText(p: Page, selector: string, text: string): Promise<void> {
    try {
      await p.waitForFunction(([s, t]) => (document.querySelector(s!)?.textContent ?? '').includes(t!), [selector, text], guard);
    } catch (e) {
      throw new Error(`${selector} never held ${JSON.stringify(text)}; it holds ${JSON.stringify(await p.textContent(selector))}`, { cause: e });
    }
  }

  /** Replaces the editor's text by typing, as a user does. */
  async function typeProgram(p: Page, text: string): Promise<void> {
    await p.click('.cm-content');
    await p.keyboard.press('Control+A');
    await p.keyboard.press('Delete');
    await p.keyboard.type(text);
  }

  it('loads from file://, evaluates what is typed, and lists a conflict in #errors that moves the cursor', async () => {
    const p = await open(page);
    // Every control has a name a screen reader can say.
    const unnamed = await p.$$eval('button, select, input, [role="tab"]', (els) =>
      els.filter((el) => !(el as HTMLElement).hidden && !((el as HTMLElement).innerText?.trim() || el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.length)).map((el) => el.outerHTML),
    );
    expect(unnamed).toEqual([]);

    await typeProgram(p, 'x: 2\ny: x * 21\nmsg: "y is \\(y)"\n');
    await waitForText(p, '#output', '"y": 42');
    await waitForText(p, '#output', '"msg": "y is 42"');

    // A second value for x: the JSON goes, the Errors tab counts and lists the conflict.
    await p.keyboard.type('x: 3\n');
    await waitForText(p, '#errors', 'conflicting values');
    expect(await p.textContent('#errors')).toContain('x: conflicting values 3 and 2');
    await waitForText(p, '#tab-errors', 'Errors (');
    await p.click('#tab-errors');
    // Each position is a button; activating one puts the cursor on that line of the editor.
    await p.click('#errors button.location >> text=main.cue:4:4');
    await p.waitForFunction(() => document.activeElement?.classList.contains('cm-content'), null, guard);
    expect(await p.textContent('.cm-activeLine')).toBe('x: 3');
    // Keyboard only: Tab indents in the editor, Escape then Tab leaves it (no keyboard trap).
    await p.keyboard.press('Escape');
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(false);
    // The address bar follows the editor: a reload (or the link) brings the program back.
    await p.waitForFunction(() => location.hash.startsWith('#cue='), null, guard);
    const hash = await p.evaluate(() => location.hash.slice('#cue='.length));
    expect(Buffer.from(hash, 'base64url').toString('utf8')).toBe('x: 2\ny: x * 21\nmsg: "y is \\(y)"\nx: 3\n');
    await p.close();
  });

  it('opens a shared URL: #cue= evaluates one file, #txtar= several', async () => {
    const cue = Buffer.from('greeting: "héllo" + " wörld"\n', 'utf8').toString('base64url');
    const p = await open(`${page}#cue=${cue}`);
    await waitForText(p, '#output', '"greeting": "héllo wörld"');
    // The theme follows the system's: light, then dark.
    const background = () => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await p.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(255, 255, 255)');
    await p.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(13, 17, 23)');

    const txtar = '-- schema.cue --\npackage a\n\n#T: {n: int & <10}\nt: #T\n-- data.cue --\npackage a\n\nt: n: 12\n';
    await p.goto(`${page}#txtar=${Buffer.from(txtar).toString('base64url')}`);
    await waitForText(p, '#errors', 't.n: invalid value 12 (out of bound <10)');
    expect(await p.$$eval('#file-tabs [role="tab"]', (tabs) => tabs.map((t) => t.textContent))).toEqual(['schema.cue', 'data.cue']);
    // The Share button writes the state back into the fragment.
    await p.click('#share');
    await p.waitForFunction(() => location.hash.startsWith('#txtar='), null, guard);
    const shared = await p.evaluate(() => location.hash.slice('#txtar='.length));
    expect(Buffer.from(shared, 'base64url').toString('utf8')).toBe(txtar);
    await p.close();
  });

  it('works from a static HTTP server too, and a runaway program ends in an error, not a frozen page', async () => {
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
    const server: Server = createServer((req, res) => {
      const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
      readFile(path.join(dist, name)).then(
        (body) => res.writeHead(200, { 'content-type': types[path.extname(name)] ?? 'application/octet-stream' }).end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      // Each level doubles the list: the library's maxListSize stops it at 100,000 elements.
      const levels = Array.from({ length: 30 }, (_, i) => `l${i + 1}: l${i} + l${i}`).join('\n');
      const p = await open(`http://127.0.0.1:${port}/#cue=${Buffer.from(`l0: [0, 1]\n${levels}\n`).toString('base64url')}`);
      await waitForText(p, '#errors', 'list too long');
      // The page still answers: a new program is evaluated.
      await typeProgram(p, 'ok: true\n');
      await waitForText(p, '#output', '"ok": true');
      await p.close();
    } finally {
      server.close();
    }
  });

  it('renders a built-in webservice Application in Render mode', async () => {
    const p = await open(page);
    await p.check('input[name="mode"][value="render"]');
    await waitForText(p, '#output', 'kind: Deployment');
    const out = (await p.textContent('#output')) ?? '';
    expect(out).toContain('# Application(shop) -- Component(frontend)');
    expect(out).toContain('image: nginx:1.27');
    // The worker's list of built-ins reached the menu (it may arrive before the page listens).
    await p.waitForFunction(() => [...document.querySelectorAll('#builtin option')].some((o) => o.textContent === 'webservice'), null, guard);
    // A property the webservice definition does not have: an error at the Application's line.
    await p.click('#file-tabs [role="tab"] >> text=app.yaml');
    await p.click('.cm-content');
    await p.keyboard.press('Control+A');
    const app = 'kind: Application\nmetadata: {name: shop}\nspec:\n  components:\n    - name: web\n      type: webservice\n      properties:\n        imagee: nginx\n';
    // Pasted in one piece: typed, the editor's auto-indent would add to the YAML's own.
    await p.keyboard.insertText(app);
    await waitForText(p, '#errors', 'imagee: field not allowed');
    expect(await p.textContent('#errors')).toContain('app.yaml:8:9');
    await p.close();
  });
});

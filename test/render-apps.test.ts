/**
 * Golden Applications (testdata/render/apps/*.txtar, format in testdata/render/README.md):
 * an Application with its definitions, platform files and context, rendered through the
 * library as `cue-lite render` does; the manifests (or the errors) must match `out/`.
 *
 * CUE_LITE_UPDATE=1 rewrites the `out/` sections: review the diff before committing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { RenderError, formatManifests, loadDefinitions, loadPlatform, render } from '../src/render/index.js';
import { CueErrorList } from '../src/errors/index.js';
import { getFile, parseTxtar, setFile, writeTxtar } from './helpers/txtar.js';

const dir = path.resolve(__dirname, '../testdata/render/apps');
const update = process.env.CUE_LITE_UPDATE === '1';

function run(archive: ReturnType<typeof parseTxtar>): { manifests?: string; errors?: string } {
  const files = archive.files;
  const flags = (getFile(archive, 'flags') ?? '').split(/\s+/).filter(Boolean);
  try {
    const definitions = loadDefinitions(files.filter((f) => f.name.startsWith('defs/')).map((f) => ({ name: f.name, text: f.data })));
    const platform = loadPlatform(files.filter((f) => /^platform[^/]*\.(cue|ya?ml)$/.test(f.name)).map((f) => ({ name: f.name, text: f.data })));
    const ctxText = getFile(archive, 'context.yaml');
    const context = ctxText ? (YAML.parse(ctxText) as Record<string, unknown>) : undefined;
    const objects = render(getFile(archive, 'app.yaml')!, {
      filename: 'app.yaml',
      definitions,
      platform,
      ...(context ? { context } : {}),
      allowUnknownProperties: flags.includes('--allow-unknown-properties'),
    });
    return { manifests: formatManifests(objects.map((o) => o.object)) };
  } catch (e) {
    if (e instanceof RenderError || e instanceof CueErrorList) return { errors: e.format() };
    throw e;
  }
}

const cases = readdirSync(dir).filter((f) => f.endsWith('.txtar')).sort();

describe('golden applications', () => {
  it('has realistic cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });
  for (const name of cases) {
    it(name, () => {
      const file = path.join(dir, name);
      const archive = parseTxtar(readFileSync(file, 'utf8'));
      expect(getFile(archive, 'app.yaml'), 'a case needs app.yaml').toBeDefined();
      const got = run(archive);
      if (update) {
        setFile(archive, 'out/manifests.yaml', got.manifests);
        setFile(archive, 'out/errors', got.errors);
        writeTxtar(file, archive);
        return;
      }
      expect(got.errors, 'errors').toBe(getFile(archive, 'out/errors'));
      expect(got.manifests, 'manifests').toBe(getFile(archive, 'out/manifests.yaml'));
    });
  }
});

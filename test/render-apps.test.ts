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
import { type ApplicationDocuments, RenderError, formatRender, loadDefinitions, loadPlatform, parseDocuments, renderApplications } from '../src/render/index.js';
import { CueErrorList } from '../src/errors/index.js';
import { getFile, parseTxtar, setFile, writeTxtar } from './helpers/txtar.js';

const dir = path.resolve(__dirname, '../testdata/render/apps');
const update = process.env.CUE_LITE_UPDATE === '1';

interface Outcome {
  manifests?: string;
  errors?: string;
  notices?: string;
}

function run(archive: ReturnType<typeof parseTxtar>): Outcome {
  const files = archive.files;
  const flags = (getFile(archive, 'flags') ?? '').split(/\s+/).filter(Boolean);
  const out = flags.includes('--out=json') || flags.join(' ').includes('--out json') ? 'json' : 'yaml';
  const printed: string[] = [];
  const notices = (): { notices?: string } => (printed.length > 0 ? { notices: printed.join('') } : {});
  try {
    const definitions = loadDefinitions(files.filter((f) => f.name.startsWith('defs/')).map((f) => ({ name: f.name, text: f.data })));
    const platform = loadPlatform(files.filter((f) => /^platform[^/]*\.(cue|ya?ml)$/.test(f.name)).map((f) => ({ name: f.name, text: f.data })));
    const ctxText = getFile(archive, 'context.yaml');
    const context = ctxText ? (YAML.parse(ctxText) as Record<string, unknown>) : undefined;
    // app.yaml, then the other inputs (Policy and Workflow documents) as `cue-lite render` reads them.
    const inputs = [files.find((f) => f.name === 'app.yaml')!, ...files.filter((f) => f.name.startsWith('inputs/'))];
    const docs = { applications: [], policies: [], workflows: [] } as { [K in keyof ApplicationDocuments]: ApplicationDocuments[K][number][] };
    for (const f of inputs) {
      const d = parseDocuments(f.name, f.data);
      docs.applications.push(...d.applications);
      docs.policies.push(...d.policies);
      docs.workflows.push(...d.workflows);
    }
    const result = renderApplications(docs, {
      definitions,
      platform,
      ...(context ? { context } : {}),
      allowUnknownProperties: flags.includes('--allow-unknown-properties'),
      merge: flags.includes('--merge'),
      onNotice: (n) => printed.push(`${n.level}: ${n.message}\n`),
    });
    return { manifests: formatRender(result.manifests, out), ...notices() };
  } catch (e) {
    if (e instanceof RenderError || e instanceof CueErrorList) return { errors: e.format(), ...notices() };
    throw e;
  }
}

function manifestsFile(archive: ReturnType<typeof parseTxtar>): string {
  return (getFile(archive, 'flags') ?? '').includes('--out json') ? 'out/manifests.json' : 'out/manifests.yaml';
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
        setFile(archive, manifestsFile(archive), got.manifests);
        setFile(archive, 'out/errors', got.errors);
        setFile(archive, 'out/notices', got.notices);
        writeTxtar(file, archive);
        return;
      }
      expect(got.errors, 'errors').toBe(getFile(archive, 'out/errors'));
      expect(got.manifests, 'manifests').toBe(getFile(archive, manifestsFile(archive)));
      expect(got.notices, 'notices').toBe(getFile(archive, 'out/notices'));
    });
  }
});

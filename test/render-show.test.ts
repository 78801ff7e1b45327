/**
 * `parameterReference` / `cue-lite show`: a definition's parameter reference as Markdown in
 * the layout of KubeVela's docgen (references/docgen MarkdownReference: a table per struct,
 * `[[]name](#name)` for lists of structs, `"a" or "b"` for literal choices, descriptions from
 * `// +usage=` with a final period), its JSON Schema, and its source (`--cue`), whose lines are
 * the ones error positions name.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DefinitionSet, parameterReference, parameterSchema, parseDefinitionFile } from '../src/render/index.js';

const probe = `probe: {
	type:        "trait"
	description: "Adds a probe."
}
template: {
	#Check: {
		// +usage=Port to check
		port: int
		path: *"/" | string
	}
	parameter: {
		// +usage=How often, in seconds
		period: *10 | int
		mode: *"http" | "tcp" | "exec"
		// +usage=Checks to run
		checks: [...#Check]
		target: {
			host?: string
			headers: [string]: string
		}
		tags?: [...string]
		name: string
	}
}
`;

describe('parameterReference', () => {
  const md = parameterReference(parseDefinitionFile('defs/probe.cue', probe)[0]!);

  it('prints a table of the properties, then one table per nested struct', () => {
    expect(md).toBe(`# probe

Trait definition: Adds a probe.

## Specification

### Properties

 Name | Description | Type | Required | Default 
 ---- | ----------- | ---- | -------- | ------- 
 period | How often, in seconds. | int | false | 10 
 mode |  | "http" or "tcp" or "exec" | false | http 
 checks | Checks to run. | [[]checks](#checks) | true |  
 target |  | [target](#target) | true |  
 tags |  | []string | false |  
 name |  | string | true |  


#### checks

 Name | Description | Type | Required | Default 
 ---- | ----------- | ---- | -------- | ------- 
 port | Port to check. | int | true |  
 path |  | string | false | / 


#### target

 Name | Description | Type | Required | Default 
 ---- | ----------- | ---- | -------- | ------- 
 host |  | string | false |  
 headers |  | map[string]string | true |  
`);
  });

  it('covers every property of every built-in definition', () => {
    const set = new DefinitionSet();
    for (const name of set.names()) {
      const def = set.get(name)!;
      const doc = parameterReference(def);
      const props = Object.keys((parameterSchema(def).properties ?? {}) as object);
      for (const p of props) expect(doc, `${name}.${p}`).toMatch(new RegExp(`^ ${p} \\| `, 'm'));
    }
  });
});

describe('cue-lite show', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cue-lite-show-'));
  writeFileSync(path.join(dir, 'probe.cue'), probe);
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['show', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: dir });
    return { code, out, err };
  };

  it('shows a built-in, a --defs definition and a definition file', async () => {
    const web = await run(['webservice']);
    expect(web.code).toBe(0);
    expect(web.out).toMatch(/^ image \| The container image to run\. \| string \| true \|  $/m);
    expect(web.out).toMatch(/^ ports \| .* \| \[\[\]ports\]\(#ports\) \| false \|  $/m);
    expect(web.out).toMatch(/^#### ports$/m);
    expect((await run(['probe', '--defs', 'probe.cue'])).out).toBe(parameterReference(parseDefinitionFile('probe.cue', probe)[0]!));
    expect((await run(['probe.cue'])).code).toBe(0);
  });

  it('--format json is the schema command output', async () => {
    let schema = '';
    await main(['schema', 'scaler'], { stdout: (s) => (schema += s), stderr: () => {}, cwd: dir });
    const shown = await run(['scaler', '--format', 'json']);
    expect(shown.out).toBe(schema);
  });

  it('--cue prints the source that error positions point into', async () => {
    let err = '';
    writeFileSync(path.join(dir, 'app.yaml'), 'apiVersion: core.oam.dev/v1beta1\nkind: Application\nmetadata: {name: a}\nspec:\n  components:\n    - {name: w, type: worker, properties: {}}\n');
    const code = await main(['render', 'app.yaml'], { stdout: () => {}, stderr: (s) => (err += s), cwd: dir });
    expect(code).toBe(1);
    const m = /cue-lite:definitions\/components\/worker\.cue:(\d+):(\d+)/.exec(err);
    expect(m).not.toBeNull();
    expect(err).toContain("note: cue-lite:definitions/components/worker.cue is built into cue-lite: 'cue-lite show worker --cue' prints it");
    const src = (await run(['worker', '--cue'])).out;
    const line = src.split('\n')[Number(m![1]) - 1]!;
    // An incomplete value is reported at the value, as cue reports it: `image: string`.
    expect(line).toMatch(/image:/);
    expect(line.slice(Number(m![2]) - 1)).toMatch(/^string/);
  });

  it('an unknown name suggests close ones, transpositions included', async () => {
    expect(await run(['webservcie'])).toEqual({ code: 1, out: '', err: 'unknown definition "webservcie" (did you mean webservice?)\n' });
    expect((await run(['nothing-like-it'])).err).toMatch(/^unknown definition "nothing-like-it": not a built-in/);
    expect((await run([])).err).toBe('Error: show: give one definition name or file\n');
  });
});

/// <reference types="node" />
/**
 * `cue-lite render`: KubeVela-style Applications to Kubernetes manifests, locally.
 *
 *   cue-lite render APP.yaml [POLICY.yaml WORKFLOW.yaml...] [--merge] [--defs PATH]...
 *                   [--platform FILE]... [--context FILE] [--out yaml|json] [--allow-unknown-properties]
 *   cue-lite render --component TYPE [-p PROPS.yaml] [--name NAME] [--defs PATH]...
 */
import { CueErrorList } from '../index.js';
import type { Expr } from '../syntax/ast.js';
import { formatManifests, formatRender, renderApplications, renderComponent } from '../render/index.js';
import type { Command } from './io.js';
import { UsageError } from './io.js';
import { flagArgs } from './flags.js';
import { FileError, builtinNotes, readApplicationDocuments, readProperties, readRenderInputs, readText } from './render-inputs.js';

const help = `Render KubeVela-style Applications to Kubernetes manifests.

Usage:
  cue-lite render APP.yaml [POLICY.yaml WORKFLOW.yaml ...] [flags]
  cue-lite render --component TYPE [-p PROPS.yaml] [--name NAME] [flags]

The workflow decides what is printed, as vela dry-run decides it: one set of objects per
topology policy of each top-level deploy step, with that step's override policies applied
(a topology's namespace is the namespace of its objects, as KubeVela's controller deploys
them); with no deploy step, one set of every component. Each component is printed under a
header "# Application(<set>) -- Component(<name>)": the workload, its outputs, then each
trait's outputs; then the objects of custom policies. The built-in definitions
(stdlib/definitions) are always available; --defs adds more, and a definition given there
shadows a built-in of that name. Policy and Workflow documents given as inputs are left out
with a warning, unless --merge adds them to the Application.

Flags:
      --defs PATH                  a definition file (.cue vela-def format, or a .yaml
                                   Component/Trait/PolicyDefinition) or a directory searched
                                   recursively; repeatable
      --platform FILE              platform defaults (.cue or .yaml), keyed by definition name;
                                   repeatable
      --context FILE               context fields (YAML/JSON) that replace the defaults
                                   (namespace, appRevision, cluster, clusterVersion, ...)
      --out yaml|json              output format: a YAML stream (default) or a JSON list of
                                   entries (set, step, policies, component, object)
      --merge                      merge the Policy and Workflow documents given as inputs into
                                   the Application (as vela dry-run --merge)
      --allow-unknown-properties   accept properties a parameter schema does not declare
      --component TYPE             render one component of this type, without an Application
  -p, --properties FILE            the component's properties (YAML/JSON), with --component
      --name NAME                  the component's name, with --component (default: TYPE)
  -h, --help                       help for render
`;

interface Flags {
  defs: string[];
  platform: string[];
  context?: string;
  out: 'yaml' | 'json';
  allowUnknown: boolean;
  merge: boolean;
  component?: string;
  properties?: string;
  name?: string;
  inputs: string[];
}

export function parseRenderFlags(args: readonly string[]): Flags | 'help' {
  const f: Flags = { defs: [], platform: [], out: 'yaml', allowUnknown: false, merge: false, inputs: [] };
  for (const { arg, value } of flagArgs(args)) {
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '--defs':
        f.defs.push(value());
        break;
      case '--platform':
        f.platform.push(value());
        break;
      case '--context':
        f.context = value();
        break;
      case '--out':
      case '-o': {
        const v = value();
        if (v !== 'yaml' && v !== 'json') throw new UsageError(`--out must be yaml or json, not ${JSON.stringify(v)}`);
        f.out = v;
        break;
      }
      case '--allow-unknown-properties':
        f.allowUnknown = true;
        break;
      case '--merge':
        f.merge = true;
        break;
      case '--component':
        f.component = value();
        break;
      case '-p':
      case '--properties':
        f.properties = value();
        break;
      case '--name':
        f.name = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown flag: ${arg}`);
        f.inputs.push(arg);
    }
  }
  return f;
}

export const renderCommand: Command = async (args, io) => {
  const flags = parseRenderFlags(args);
  if (flags === 'help') {
    io.stdout(help);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  if (flags.component === undefined && flags.inputs.length === 0) throw new UsageError('render: give an Application file (or --component TYPE)');
  if (flags.component !== undefined && flags.inputs.length > 0) throw new UsageError('render: --component renders one component; give no Application file with it');
  if (flags.component === undefined && (flags.properties !== undefined || flags.name !== undefined)) throw new UsageError('render: -p and --name go with --component');
  try {
    const { definitions, platform, context } = await readRenderInputs(cwd, flags, io);
    const options = { definitions, platform, ...(context ? { context } : {}), allowUnknownProperties: flags.allowUnknown };
    if (flags.component !== undefined) {
      let properties: Expr | undefined;
      if (flags.properties !== undefined) properties = readProperties(flags.properties, await readText(cwd, flags.properties, io));
      const name = flags.name ?? flags.component;
      const r = renderComponent({ name, type: flags.component, ...(properties ? { properties } : {}) }, options);
      io.stdout(formatManifests(r.objects.map((o) => o.object), flags.out));
      return 0;
    }
    // Every input may hold Applications, Policies and Workflows; they are read together.
    const docs = await readApplicationDocuments(cwd, flags.inputs, io);
    const several = docs.applications.length > 1;
    const result = renderApplications(docs, {
      ...options,
      merge: flags.merge,
      // Printed as they arise, so that they come before the errors of a failed render.
      onNotice: (n) => io.stderr(`${n.level}: ${several && n.application ? `application "${n.application}": ` : ''}${n.message}\n`),
    });
    io.stdout(formatRender(result.manifests, flags.out));
    return 0;
  } catch (e) {
    if (e instanceof CueErrorList) {
      io.stderr(e.format() + builtinNotes(e));
      return 1;
    }
    if (e instanceof FileError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
};

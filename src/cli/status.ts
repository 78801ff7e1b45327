/// <reference types="node" />
/**
 * `cue-lite status`: the health of each component and trait of an Application, read from live
 * objects with the definitions' status snippets (src/render/status.ts), as `vela status`
 * shows it.
 *
 *   cue-lite status APP.yaml --live LIVE.yaml [--defs PATH]... [--out text|json]
 */
import { CueErrorList } from '../index.js';
import { encodeJSON } from '../encoding/index.js';
import { jsToPlain } from '../api/encode.js';
import { type StatusRow, applicationStatus, parseLiveObjects } from '../render/index.js';
import type { Command } from './io.js';
import { UsageError } from './io.js';
import { flagArgs } from './flags.js';
import { FileError, builtinNotes, readApplicationDocuments, readRenderInputs, readText } from './render-inputs.js';

const help = `Show the health of an Application's components and traits, judged from live objects.

Usage:
  cue-lite status APP.yaml [POLICY.yaml WORKFLOW.yaml ...] --live LIVE.yaml [flags]

The Application is rendered as 'render' renders it; each rendered object is matched to a live
object (apiVersion, kind, namespace and name; a live object without a namespace matches any;
List objects are unpacked). Each definition's status snippets are then evaluated as KubeVela
evaluates them: status.details, status.healthPolicy (isHealth) and status.customStatus
(message), with context.output (the live workload, components only), context.outputs (the
live objects of the component's or the trait's outputs), context.name, appName, appRevision
and parameter (the properties as written). A definition without a health policy is healthy.
A missing live object or a failing snippet makes its row unhealthy, with the reason as message.

One line per component and per trait; exit code 0 only when every row is healthy.

Flags:
      --live FILE        live objects: a YAML stream or JSON (kubectl get -o yaml|json);
                         repeatable
      --defs PATH        definition files or directories, as for render; repeatable
      --platform FILE    platform defaults, as for render; repeatable
      --context FILE     context fields, as for render
      --merge            merge Policy and Workflow documents given as inputs, as for render
      --out text|json    a table (default), or a JSON list of
                         {component, trait?, healthy, message, details?}
  -h, --help             help for status
`;

interface Flags {
  live: string[];
  defs: string[];
  platform: string[];
  context?: string;
  merge: boolean;
  out: 'text' | 'json';
  inputs: string[];
}

function parseFlags(args: readonly string[]): Flags | 'help' {
  const f: Flags = { live: [], defs: [], platform: [], merge: false, out: 'text', inputs: [] };
  for (const { arg, value } of flagArgs(args)) {
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '--live':
        f.live.push(value());
        break;
      case '--defs':
        f.defs.push(value());
        break;
      case '--platform':
        f.platform.push(value());
        break;
      case '--context':
        f.context = value();
        break;
      case '--merge':
        f.merge = true;
        break;
      case '--out':
      case '-o': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--out must be text or json, not ${JSON.stringify(v)}`);
        f.out = v;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown flag: ${arg}`);
        f.inputs.push(arg);
    }
  }
  return f;
}

export const statusCommand: Command = async (args, io) => {
  const flags = parseFlags(args);
  if (flags === 'help') {
    io.stdout(help);
    return 0;
  }
  if (flags.inputs.length === 0) throw new UsageError('status: give an Application file');
  if (flags.live.length === 0) throw new UsageError('status: give the live objects with --live FILE');
  const cwd = io.cwd ?? process.cwd();
  try {
    const { definitions, platform, context } = await readRenderInputs(cwd, flags, io);
    const live: Record<string, unknown>[] = [];
    for (const p of flags.live) live.push(...parseLiveObjects(p, await readText(cwd, p, io)));
    const docs = await readApplicationDocuments(cwd, flags.inputs, io);
    const result = applicationStatus(docs, {
      definitions,
      platform,
      ...(context ? { context } : {}),
      merge: flags.merge,
      live,
      onNotice: (n) => io.stderr(`${n.level}: ${n.message}\n`),
    });
    io.stdout(flags.out === 'json' ? encodeJSON(jsToPlain(result.rows.map((r) => jsonRow(r, result.rows)))) : table(result.rows));
    return result.healthy ? 0 : 1;
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

/** Several applications or sets: each row says which. */
function qualified(rows: readonly StatusRow[]): { app: boolean; set: boolean } {
  return { app: new Set(rows.map((r) => r.application)).size > 1, set: new Set(rows.map((r) => `${r.application}\n${r.set}`)).size > new Set(rows.map((r) => r.application)).size };
}

function jsonRow(r: StatusRow, all: readonly StatusRow[]): Record<string, unknown> {
  const q = qualified(all);
  return {
    ...(q.app ? { application: r.application } : {}),
    ...(q.set ? { set: r.set, ...(r.namespace ? { namespace: r.namespace } : {}) } : {}),
    component: r.component,
    ...(r.trait !== undefined ? { trait: r.trait } : {}),
    healthy: r.healthy,
    message: r.message,
    ...(r.details ? { details: r.details } : {}),
  };
}

/** Columns padded to their widest cell; the set column only when there are several sets. */
function table(rows: readonly StatusRow[]): string {
  const q = qualified(rows);
  const head = [...(q.app ? ['APPLICATION'] : []), ...(q.set ? ['SET'] : []), 'COMPONENT', 'TRAIT', 'HEALTHY', 'MESSAGE'];
  const anyDetails = rows.some((r) => r.details);
  if (anyDetails) head.push('DETAILS');
  const cells = rows.map((r) => [
    ...(q.app ? [r.application] : []),
    ...(q.set ? [r.set] : []),
    r.component,
    r.trait ?? '-',
    r.healthy ? 'healthy' : 'unhealthy',
    r.message,
    ...(anyDetails ? [Object.entries(r.details ?? {}).map(([k, v]) => `${k}=${v.replace(/\s*\n\s*/g, ' ')}`).join(' ')] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  return line(head) + cells.map(line).join('');
}

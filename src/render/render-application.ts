/**
 * `render(application, {definitions, platform, context})`: every object of one or more
 * Applications, component by component (the workload, its outputs, then each trait's
 * outputs). Every component is rendered even when an earlier one fails, so that one run
 * reports every independent error.
 */
import { jsToPlain } from '../api/encode.js';
import { Context } from '../api/context.js';
import { encodeJSON, encodeYAML } from '../encoding/index.js';
import { CueErrorList } from '../errors/index.js';
import { type Application, parseApplications } from './application.js';
import { type DefinitionFile, DefinitionSet, loadDefinitions } from './definition-set.js';
import { Platform, type PlatformFile, loadPlatform } from './platform.js';
import { type RenderedObject, renderComponent } from './render-component.js';
import { RenderError, type RenderErrorGroup, errorsOf } from './render-error.js';

export interface RenderApplicationOptions {
  /** A loaded DefinitionSet, or definition files (added to the built-ins; same name shadows). */
  definitions?: DefinitionSet | readonly DefinitionFile[];
  /** Platform defaults: loaded, or files (CUE or YAML). */
  platform?: Platform | readonly PlatformFile[];
  /** Context fields that replace the defaults (namespace, appRevision, cluster, clusterVersion, ...). */
  context?: Readonly<Record<string, unknown>>;
  /** Accept properties that a parameter schema does not declare (KubeVela's default). */
  allowUnknownProperties?: boolean;
  /** The file name used in positions when `application` is text (default `app.yaml`). */
  filename?: string;
}

export interface RenderedManifest {
  /** The Application it belongs to. */
  readonly application: string;
  readonly component: string;
  readonly role: 'workload' | 'auxiliary';
  readonly trait?: string;
  readonly outputName?: string;
  /** The Kubernetes object, as JSON-like data. */
  readonly object: Record<string, unknown>;
}

/**
 * Renders Applications given as YAML/JSON text (several documents allowed), as parsed
 * Applications, or as one Application object. Throws a RenderError (or CueErrorList for
 * unreadable input).
 */
export function render(application: string | Application | readonly Application[] | Record<string, unknown>, options: RenderApplicationOptions = {}): RenderedManifest[] {
  const apps = toApplications(application, options.filename ?? 'app.yaml');
  const definitions = options.definitions instanceof DefinitionSet ? options.definitions : loadDefinitions(options.definitions ?? []);
  const platform = options.platform instanceof Platform ? options.platform : loadPlatform(options.platform ?? []);
  const cueContext = new Context();
  const out: RenderedManifest[] = [];
  const groups: RenderErrorGroup[] = [];
  for (const app of apps) {
    const prefix = apps.length > 1 ? `application "${app.name}": ` : '';
    const components = app.components.map((c) => c.data);
    for (const comp of app.components) {
      try {
        const r = renderComponent(
          { name: comp.name, type: comp.type, properties: comp.properties, traits: comp.traits.map((t) => ({ type: t.type, properties: t.properties, span: t.span })) },
          { definitions, platform, context: options.context, allowUnknownProperties: options.allowUnknownProperties, cueContext },
          {
            appName: app.name,
            namespace: app.namespace,
            appLabels: app.labels,
            appAnnotations: app.annotations,
            components,
            component: comp.data,
            span: comp.span,
          },
        );
        for (const o of r.objects) out.push(manifest(app.name, o));
      } catch (e) {
        if (e instanceof RenderError) groups.push(...e.groups.map((g) => ({ ...g, header: prefix + g.header })));
        else {
          const errs = errorsOf(e);
          if (!errs) throw e;
          groups.push({ header: `${prefix}component "${comp.name}" (${comp.type})`, errors: errs });
        }
      }
    }
  }
  if (groups.length > 0) throw new RenderError(groups);
  return out;
}

function manifest(app: string, o: RenderedObject): RenderedManifest {
  return {
    application: app,
    component: o.component,
    role: o.role,
    ...(o.trait ? { trait: o.trait } : {}),
    ...(o.outputName ? { outputName: o.outputName } : {}),
    object: o.object,
  };
}

function toApplications(a: string | Application | readonly Application[] | Record<string, unknown>, filename: string): Application[] {
  if (typeof a === 'string') return parseApplications(filename, a);
  if (Array.isArray(a)) return [...(a as Application[])];
  if (isParsed(a)) return [a];
  // One Application as data: read it through the JSON path so that it is checked the same way.
  try {
    return parseApplications(filename.replace(/\.ya?ml$/i, '.json'), encodeJSON(jsToPlain(a)));
  } catch (e) {
    if (e instanceof CueErrorList) throw e;
    throw e;
  }
}

function isParsed(a: object): a is Application {
  return Array.isArray((a as Application).components) && typeof (a as Application).name === 'string' && 'hasPolicies' in a;
}

/** The printed form: a YAML stream (documents separated by `---`) or a JSON list. */
export function formatManifests(objects: readonly Record<string, unknown>[], out: 'yaml' | 'json' = 'yaml'): string {
  if (out === 'json') return encodeJSON(jsToPlain(objects));
  return objects.map((o) => encodeYAML(jsToPlain(o))).join('---\n');
}

/**
 * Render mode's files and what each is, by name: `app.yaml` (any `.yaml`/`.yml`/`.json` whose
 * name starts with `app`) holds the Application(s), `platform.cue`/`platform.yaml` the platform
 * defaults, `context.yaml` context fields, and every other file a definition (vela def CUE
 * format, or a ComponentDefinition / TraitDefinition YAML).
 */
export type RenderRole = 'application' | 'platform' | 'context' | 'definition';

export function renderRole(name: string): RenderRole {
  const base = name.replace(/^.*\//, '');
  if (/^app[\w.-]*\.(?:ya?ml|json)$/i.test(base)) return 'application';
  if (/^platform[\w.-]*\.(?:cue|ya?ml|json)$/i.test(base)) return 'platform';
  if (/^context\.(?:ya?ml|json)$/i.test(base)) return 'context';
  return 'definition';
}

export {
  render,
  renderApplications,
  formatManifests,
  type RenderApplicationOptions,
  type RenderedManifest,
  type RenderNotice,
  type RenderResult,
  type RenderInput,
  type ComponentInSet,
} from './render-application.js';
export { formatRender } from './format-render.js';
export {
  renderComponent,
  type ComponentInput,
  type TraitInput,
  type RenderOptions,
  type RenderedComponent,
  type RenderedObject,
  type ComponentEnvironment,
  type Properties,
} from './render-component.js';
export { loadDefinitions, DefinitionSet, type DefinitionFile, type LoadDefinitionsOptions } from './definition-set.js';
export { type Definition, type DefinitionKind, parseDefinitionFile, isDefinitionFileName } from './definition.js';
export {
  parseApplications,
  parseDocuments,
  type Application,
  type ApplicationComponent,
  type ApplicationTrait,
  type ApplicationPolicy,
  type ApplicationWorkflow,
  type ApplicationDocuments,
  type StandaloneWorkflow,
  type WorkflowStep,
} from './application.js';
export { loadPlatform, Platform, type PlatformFile } from './platform.js';
export { baseContext, revisionHash, defaultClusterVersion, type RenderContext, type ClusterVersion } from './render-context.js';
export { RenderError, type RenderErrorGroup } from './render-error.js';
export { parameterSchema, type JSONSchema } from './schema.js';
export { isDefinitionSource, vetDefinition } from './vet-definition.js';
export { applicationStatus, parseLiveObjects, findLive, type StatusRow, type StatusOptions, type StatusResult } from './status.js';
export { evaluateStatus, statusSnippets, type StatusSnippets, type StatusEvaluation, type SnippetInput } from './status-snippet.js';
export { parameterReference } from './reference-doc.js';
export { addVelaStubs, velaStubSource } from './vela-stubs.js';

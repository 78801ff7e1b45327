/**
 * The public API of cue-lite. Everything exported here is documented in README.md.
 * It imports no Node built-ins, so it runs in a browser too.
 */
export { Source, type Span } from './source/index.js';
export { CueError, CueErrorList, ErrorCode } from './errors/index.js';
export { Context, type ContextOptions, type CompileOptions } from './api/context.js';
export { Value, type ValueKind, type ValidateOptions, type FieldsOptions, type FieldInfo, type LetInfo } from './api/value.js';
export { type InputFile, type InputKind } from './api/inputs.js';
export { type LoadOptions, type LoadedInstance } from './api/load.js';
export { type LoadFS, type FileStat, memoryFS } from './load/index.js';
export { type PathInput } from './api/path.js';
export { type EvalLimits, defaultLimits } from './core/evaluator.js';
export { type CueSyntaxOptions } from './export/to-cue.js';
export { parseFile, parseExpr } from './syntax/index.js';
export { importedName, isStdlibPath, parseImportPath, type ImportPath } from './syntax/import-path.js';
export { formatFile } from './syntax/printer.js';
export { decodeUTF8 } from './encoding/utf8.js';
export {
  render,
  renderApplications,
  formatRender,
  renderComponent,
  loadDefinitions,
  loadPlatform,
  parseApplications,
  parseDocuments,
  DefinitionSet,
  Platform,
  RenderError,
  baseContext,
  revisionHash,
  defaultClusterVersion,
  parameterSchema,
  parameterReference,
  parseDefinitionFile,
  vetDefinition,
  addVelaStubs,
  velaStubSource,
  applicationStatus,
  parseLiveObjects,
  evaluateStatus,
  statusSnippets,
  type StatusRow,
  type StatusOptions,
  type StatusResult,
  type StatusEvaluation,
  type JSONSchema,
  type RenderApplicationOptions,
  type RenderedManifest,
  type RenderNotice,
  type RenderResult,
  type RenderInput,
  type ApplicationDocuments,
  type ApplicationPolicy,
  type ApplicationWorkflow,
  type WorkflowStep,
  type StandaloneWorkflow,
  type ComponentInput,
  type TraitInput,
  type RenderOptions,
  type RenderedComponent,
  type RenderedObject,
  type DefinitionFile,
  type Definition,
  type DefinitionKind,
  type PlatformFile,
  type Application,
  type RenderContext,
  type RenderErrorGroup,
} from './render/index.js';

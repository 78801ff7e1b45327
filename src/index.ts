/** The public API of cue-lite. Everything exported here is documented in README.md. */
export { Source, type Span } from './source/index.js';
export { CueError, CueErrorList, ErrorCode } from './errors/index.js';

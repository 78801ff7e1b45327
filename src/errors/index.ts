export { ErrorCode, isIncompleteCode } from './codes.js';
export { CueError, type CueErrorJSON, formatError } from './cue-error.js';
export { CueErrorList, sortErrors } from './error-list.js';
export { closeMatches, didYouMean, editDistance } from './suggest.js';

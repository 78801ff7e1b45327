export { ErrorCode, isIncompleteCode } from './codes.js';
export { CueError, formatError } from './cue-error.js';
export { CueErrorList, sortErrors } from './error-list.js';
export { closeMatches, didYouMean, editDistance } from './suggest.js';

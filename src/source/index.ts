export { Source } from './source.js';
export { type Span, makeSpan, formatPosition, displayName, compareSpans } from './span.js';

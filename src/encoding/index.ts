export { encodeJSON, marshalJSON, quoteJSON, type JSONEncodeOptions } from './json-encode.js';
export { encodeYAML, marshalYAML, marshalYAMLStream, type YAMLEncodeOptions } from './yaml-encode.js';
export { encodeText } from './text-encode.js';
export { formatFloatText } from './number-text.js';
export { encodeBase64, decodeBase64 } from './base64.js';
export { resolvePlain, isTimestamp, type ResolvedTag } from './yaml-resolve.js';

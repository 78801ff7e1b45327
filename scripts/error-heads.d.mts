// Types of error-heads.mjs.
export function errorHeads(stderr: string): string[];

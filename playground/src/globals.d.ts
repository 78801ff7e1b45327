/** The worker's bundled code, inlined into boot.ts's bundle by scripts/build-playground.mjs (esbuild `define`). */
declare const __CUE_LITE_WORKER__: string;

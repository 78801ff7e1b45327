/** The worker's bundled code, inlined by scripts/build-playground.mjs (esbuild `define`). */
declare const __CUE_LITE_WORKER__: string;
/** The cue-lite version the page was built from. */
declare const __CUE_LITE_VERSION__: string;

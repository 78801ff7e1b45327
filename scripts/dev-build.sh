#!/bin/sh
# Dev tool: bundle the dev scripts for quick runs (node .tmp/ev.mjs FILE, node .tmp/gr.mjs [DIR]).
cd "$(dirname "$0")/.." && for s in dev-eval:ev golden-report:gr; do
  npx esbuild scripts/${s%%:*}.ts --bundle --platform=node --format=esm --outfile=.tmp/${s##*:}.mjs --log-level=warning \
    "--banner:js=import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
done

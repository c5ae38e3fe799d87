#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point installed as `hydrascope`: runs the compiled CLI (built by `npm run build`,
// which `npm install` runs through the `prepare` script). A 64 MB young generation: a load keeps
// each chunk's rows until it is written, and copying them through the default 16 MB one cost
// about a tenth of the loader's CPU (docs/benchmarks.md, ingest).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('hydrascope: the CLI is not built yet; run `npm run build` in the project folder\n');
  process.exit(70);
}
const { main } = await import(compiled.href);
await main(process.argv);

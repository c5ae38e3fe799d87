#!/usr/bin/env node
// Entry point installed as `hydrascope`: runs the compiled CLI (built by `npm run build`,
// which `npm install` runs through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('hydrascope: the CLI is not built yet; run `npm run build` in the project folder\n');
  process.exit(70);
}
const { main } = await import(compiled.href);
await main(process.argv);

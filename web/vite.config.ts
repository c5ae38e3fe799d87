// Builds the campaign explorer page (web/) into dist/web, which `hydrascope serve` serves at /.
// Relative asset paths (base './') keep the bundle working behind a path prefix.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webDirectory = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webDirectory,
  base: './',
  // The page reads cypher/analyst/*.cypher at build time (the Neo4j Browser link's query).
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
});

// Locates the project's own files (cypher/, neo4j/pom.xml, web assets) whether the code runs
// from src/ under vitest or from dist/ after a build.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function findProjectRoot(start: string): string {
  let current = start;
  for (;;) {
    if (existsSync(join(current, 'package.json')) && existsSync(join(current, 'cypher'))) return current;
    const parent = dirname(current);
    if (parent === current) throw new Error(`hydrascope: cannot find the project root above ${start}`);
    current = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const CYPHER_DIR = join(PROJECT_ROOT, 'cypher');
export const NEO4J_DESCRIPTOR = join(PROJECT_ROOT, 'neo4j', 'pom.xml');

/**
 * The compiled JavaScript module `fileName` beside the calling module (for worker threads and
 * helper processes, which Node starts from JavaScript files). Under the test runner the caller is
 * TypeScript in src/, so the built copy in dist/ is used instead.
 */
export function compiledModuleUrl(callerUrl: string, fileName: string): URL {
  const beside = new URL(fileName, callerUrl);
  if (existsSync(fileURLToPath(beside))) return beside;
  return pathToFileURL(join(PROJECT_ROOT, 'dist', relative(PROJECT_ROOT, fileURLToPath(beside))));
}

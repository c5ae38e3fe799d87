// Locates the project's own files (cypher/, neo4j/pom.xml, web assets) whether the code runs
// from src/ under vitest or from dist/ after a build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

// Loads Cypher statements from cypher/*.cypher: one statement per file, a header comment naming
// its purpose and parameters. Fails fast, with the path, when a file is missing or empty.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HydrascopeError } from '../shared/errors.js';
import { CYPHER_DIR } from '../shared/project-paths.js';

export interface CypherStatement {
  /** Path below cypher/ without the extension, e.g. `upsert-accounts` or `schema/create-account-id-constraint`. */
  readonly name: string;
  readonly text: string;
}

const cache = new Map<string, CypherStatement>();

/** Strips `//` comment lines so the header never travels to the server, and trims a trailing `;`. */
function statementBody(source: string): string {
  return source
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .trim()
    .replace(/;\s*$/, '');
}

export function cypher(name: string): CypherStatement {
  const cached = cache.get(name);
  if (cached) return cached;
  const path = join(CYPHER_DIR, `${name}.cypher`);
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new HydrascopeError('internal', `missing Cypher file ${path} (statement "${name}")`, { cause: error });
  }
  const text = statementBody(source);
  if (text === '') throw new HydrascopeError('internal', `Cypher file ${path} holds no statement`);
  const statement = { name, text };
  cache.set(name, statement);
  return statement;
}

/** Every statement below a folder of cypher/, sorted by file name (schema files are numbered). */
export function cypherFolder(folder: string): CypherStatement[] {
  return readdirSync(join(CYPHER_DIR, folder))
    .filter((file) => file.endsWith('.cypher'))
    .sort()
    .map((file) => cypher(`${folder}/${file.replace(/\.cypher$/, '')}`));
}

/** Loads a list of statements at start-up so a missing file stops the process before any work. */
export function preloadCypher(names: readonly string[]): void {
  for (const name of names) cypher(name);
}

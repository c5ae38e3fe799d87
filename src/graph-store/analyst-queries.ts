// The analyst queries of cypher/analyst/ and their headers: each header carries ready
// `// :param name => expression` lines, which Neo4j Browser evaluates on the server (as
// `RETURN expression AS name`) before the query runs with the values. The analyst tests and
// bench:analyst read the files and lines here and evaluate them as the Browser does (outside
// src/, which builds no statement from strings).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CYPHER_DIR } from '../shared/project-paths.js';
import { cypher, type CypherStatement } from './cypher-files.js';

export const ANALYST_DIR = join(CYPHER_DIR, 'analyst');

/** The analyst query names (file names without `.cypher`), sorted. */
export function analystQueryNames(): string[] {
  return readdirSync(ANALYST_DIR)
    .filter((name) => name.endsWith('.cypher'))
    .map((name) => name.replace(/\.cypher$/, ''))
    .sort();
}

export function analystQuerySource(name: string): string {
  return readFileSync(join(ANALYST_DIR, `${name}.cypher`), 'utf8');
}

export function analystQuery(name: string): CypherStatement {
  return cypher(`analyst/${name}`);
}

/** `// :param name => expression` lines of a header, in order. */
export function exampleParameters(source: string): Array<{ name: string; expression: string }> {
  return source
    .split('\n')
    .map((line) => /^\/\/\s*:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1] as string, expression: (match[2] as string).trim() }));
}

/** The `$name` parameters a statement uses. */
export function usedParameters(statement: CypherStatement): Set<string> {
  return new Set([...statement.text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string));
}

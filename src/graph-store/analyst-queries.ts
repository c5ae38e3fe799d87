// The analyst queries of cypher/analyst/ the way Neo4j Browser runs them: each file's header
// carries ready `// :param name => expression` lines; the Browser evaluates each expression on
// the server (as `RETURN expression AS name`) and runs the query with the values. Used by the
// analyst tests and by bench:analyst, so both run exactly what an analyst would.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CYPHER_DIR } from '../shared/project-paths.js';
import { cypher, type CypherStatement } from './cypher-files.js';
import type { GraphStore } from './neo4j-adapter.js';

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

/**
 * Evaluates a header's `:param` lines in order, as Neo4j Browser does (`RETURN expression AS
 * value` on the server), and reports how long each took.
 */
export async function evaluateExampleParameters(store: GraphStore, source: string): Promise<{ parameters: Record<string, unknown>; timingsMs: Record<string, number> }> {
  const parameters: Record<string, unknown> = {};
  const timingsMs: Record<string, number> = {};
  for (const { name, expression } of exampleParameters(source)) {
    const started = performance.now();
    const [row] = await store.read({ name: `param ${name}`, text: `RETURN ${expression} AS value` });
    timingsMs[name] = Math.round((performance.now() - started) * 10) / 10;
    parameters[name] = row?.['value'];
  }
  return { parameters, timingsMs };
}

// All Cypher comes from cypher/*.cypher through cypher('name') and takes parameters: no statement
// text is built from strings in src/. The scanner is tested on samples first, so a pass on the
// real sources means something.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { looksLikeCypher, scanSource } from './cypher-source-scan.js';

const DRIVER_FILES = ['src/graph-store/neo4j-adapter.ts'];
const LOADER_FILES = ['src/graph-store/cypher-files.ts'];
const SCAN_OPTIONS = { driverFiles: DRIVER_FILES, loaderFiles: LOADER_FILES };

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? typeScriptFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const scan = (source: string, file = 'src/example.ts') => scanSource(file, source, SCAN_OPTIONS).map((finding) => finding.rule);

describe('the Cypher source scanner', () => {
  it.each([
    ['a template literal splicing a value into a MATCH', "const text = `MATCH (a:Account {account_id: '${id}'}) RETURN a`;"],
    ['lower-case Cypher', "const text = 'match (a) return a';"],
    ['concatenation building a WHERE clause', "const text = 'MATCH (c:Campaign) ' + 'WHERE c.score > ' + minScore + ' RETURN c';"],
    ['a spliced ORDER BY', 'const clause = `ORDER BY c.${column} DESC`;'],
    ['a spliced property filter', 'const filter = `WHERE n.status = "${status}"`;'],
    ['UNWIND', "const text = 'UNWIND $rows AS row SET x.y = row.y';"],
    ['a procedure call', "const text = 'CALL db.labels() YIELD label';"],
    ['two clause keywords', "const text = 'RETURN count(*) LIMIT ' + n;"],
  ])('flags Cypher in a string: %s', (_what, source) => {
    expect(scan(source)).toContain('cypher-in-string');
  });

  it.each([
    ['a hand-built statement', "await store.read({ name: 'probe', text: query });"],
    ['a rewritten statement', 'await store.read({ ...statement, text: `EXPLAIN ${statement.text}` });'],
  ])('flags %s', (_what, source) => {
    expect(scan(source)).toContain('hand-built-statement');
  });

  it.each([
    ['a string', "await session.run('MATCH (n) RETURN n');"],
    ['a variable property', 'await tx.run(request.body.query, {});'],
    ['a template', 'await transaction.run(`RETURN ${value}`);'],
  ])('flags .run with %s instead of a statement', (_what, source) => {
    expect(scan(source)).toContain('run-without-statement');
  });

  it('lets the loader build statements and the adapter hand their text to the driver', () => {
    expect(scan('const statement = { name, text };', 'src/graph-store/cypher-files.ts')).toEqual([]);
    expect(scan('await session.run(statement.text, parameters);', 'src/graph-store/neo4j-adapter.ts')).toEqual([]);
    expect(scan('await session.run(statement.text, parameters);', 'src/jobs/refresh-job.ts')).toEqual(['run-without-statement']);
  });

  it.each([
    ['cypher() with parameters', "await transaction.run(cypher('merge-accounts'), { accounts, runId });"],
    ['a statement passed through', 'return transaction.run(statement, parameters);'],
    ['a run without arguments', 'await scheduler.run();'],
    ['a comment naming Cypher', '// MATCH (a:Account) RETURN a: explained here, not built\nconst x = 1;'],
    ['English prose with one upper-case word', "const message = 'Respond ONLY with a sequence of tool calls; RETURN the result as JSON';"],
    ['prose asking to call a placeholder and return fields', "const prompt = 'You may call {tool}(path). Extract the total and return them as JSON';"],
    ['prose with lower-case clause words', "const hint = 'create a key, match it with the set of keys, then call the API and return';"],
    ['an error message', 'throw new Error(`cannot MERGE ${name}: the file is missing`);'],
    ['a template object with text', "const template = { id: 'a', family: 'agentic', text: 'Plan the tool calls' };"],
  ])('passes %s', (_what, source) => {
    expect(scan(source)).toEqual([]);
  });

  it('judges the Cypher files themselves as Cypher (the shapes are not too narrow)', () => {
    const folder = join(PROJECT_ROOT, 'cypher');
    const statements = readdirSync(folder).filter((name) => name.endsWith('.cypher'));
    expect(statements.length).toBeGreaterThan(30);
    const missed = statements.filter((name) => !looksLikeCypher(readFileSync(join(folder, name), 'utf8').replace(/^\/\/.*$/gm, '')));
    expect(missed).toEqual([]);
  });
});

describe('src/', () => {
  const files = typeScriptFiles(join(PROJECT_ROOT, 'src'));

  it('builds no Cypher from strings and runs only statements loaded from cypher/', () => {
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((path) => scanSource(relative(PROJECT_ROOT, path), readFileSync(path, 'utf8'), SCAN_OPTIONS));
    expect(findings).toEqual([]);
  });

  it('imports neo4j-driver only in the adapter', () => {
    const importers = files.filter((path) => /from ['"]neo4j-driver['"]/.test(readFileSync(path, 'utf8'))).map((path) => relative(PROJECT_ROOT, path));
    expect(importers).toEqual(DRIVER_FILES);
  });
});

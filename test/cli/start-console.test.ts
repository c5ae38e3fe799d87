// What `hydrascope start` prints for a person: summaries as text, and the closing block that
// says what to do next; the Browser link fills in the same Connect URL every command prints.
import { describe, expect, it } from 'vitest';
import { browserLinks } from '../../src/cli/commands/neo4j.js';
import { countsText } from '../../src/cli/commands/refresh.js';
import { whatNextLines } from '../../src/cli/commands/start.js';

describe('start console', () => {
  it('writes counts as words, not JSON', () => {
    expect(countsText({ new: 3, grew: 1, stable: 0 })).toBe('new 3, grew 1');
    expect(countsText({ confirmed: 0, under_review: 2 })).toBe('under review 2');
    expect(countsText({})).toBe('none');
  });

  it('links Neo4j Browser with the Bolt URI as its Connect URL', () => {
    const links = browserLinks({ browserUrl: 'http://127.0.0.1:7474/browser/', boltUri: 'bolt://127.0.0.1:7687', user: 'neo4j' });
    expect(links).toEqual({ url: 'http://127.0.0.1:7474/browser/?dbms=bolt://neo4j@127.0.0.1:7687', connectUrl: 'bolt://127.0.0.1:7687' });
  });

  it('ends with what to do next: the explorer, eval on the demo labels, Neo4j Browser', () => {
    const text = whatNextLines({
      apiUrl: 'http://127.0.0.1:8080',
      keyHint: 'the admin key printed above',
      labelsPath: '.hydrascope/demo/small-seed-42/labels.ndjson',
      browser: ['http://127.0.0.1:7474/browser/?dbms=bolt://neo4j@127.0.0.1:7687'],
    }).join('\n');
    expect(text).toContain('What next:');
    expect(text).toContain('1. Open the campaign explorer at http://127.0.0.1:8080/ and paste the admin key printed above.');
    expect(text).toContain('npx hydrascope eval --labels .hydrascope/demo/small-seed-42/labels.ndjson');
    expect(text).toContain('3. Investigate in Neo4j Browser:');
    expect(text).toContain('cypher/analyst/');
    expect(text).not.toContain('{');
  });

  it('leaves the eval step out when there are no demo labels', () => {
    const text = whatNextLines({ apiUrl: 'http://127.0.0.1:8080', keyHint: 'one of your API keys', labelsPath: undefined, browser: ['Connect URL bolt://db:7687, user neo4j'] }).join('\n');
    expect(text).not.toContain('eval');
    expect(text).toContain('2. Investigate in Neo4j Browser:');
  });
});

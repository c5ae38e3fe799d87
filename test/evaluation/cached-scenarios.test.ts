import { existsSync } from 'node:fs';
import { readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioFolder } from '../../src/evaluation/cached-scenarios.js';

// A seed no benchmark uses, so the test owns its cached folder.
const SEED = 90_417;

describe('scenarioFolder', () => {
  let folder = '';
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('generates a scenario again when a file its manifest lists is gone', async () => {
    folder = await scenarioFolder('tiny', SEED);
    const eventsPath = join(folder, 'events.ndjson');
    const written = await readFile(eventsPath, 'utf8');
    await unlink(eventsPath);
    expect(await scenarioFolder('tiny', SEED)).toBe(folder);
    expect(existsSync(eventsPath)).toBe(true);
    expect(await readFile(eventsPath, 'utf8')).toBe(written);
  });
});

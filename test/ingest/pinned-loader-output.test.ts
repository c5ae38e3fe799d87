// Pins what the loader makes of a generated batch to the output of the implementation before the
// loader was made cheaper (issue 24): validated rows, prompt sketches, family ids, SimHashes and
// intents, and chunk aggregates must stay bit-identical, so a faster validator, line reader or
// fingerprint path cannot change a single family or count unnoticed. The digests below were
// computed by the earlier implementation on this exact sample; a deliberate change of the
// fingerprint or the contract must update them, and say so in its commit. Last updated when the
// sketches began to leave function words out (sketches, fingerprints and aggregates changed; the
// validated rows did not).
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRow, type EventRow } from '../../src/contract/rows.js';
import { aggregateEvents, type FingerprintedEvent } from '../../src/ingest/event-aggregator.js';
import { PromptFingerprinter, sketchPromptsPacked, unpackSketches } from '../../src/ingest/prompt-fingerprint/index.js';
import { readRecords } from '../../src/ingest/record-reader.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';

/** The events of the generated tiny batch the digests were taken on. */
const SAMPLE_EVENTS = 12_000;
const CHUNK_ROWS = 2_000;

const PINNED = {
  validatedRows: '3c9a9853a2a3d2722f9b130e49944e535e0d39a7fd8013c17bad746071c5e27a',
  sketches: '70cb613dfbc4837be6243a2585cdcbdddb8fffe6d21a86f2d66ec575d5912155',
  fingerprints: 'b24b0f2d48c4198c80ef5a2dc1b2c2c25edaac8dd5378cb18ac7ac09452f246a',
  aggregates: '7b81c592978c0f6a8c755d9e10986dc27939f5c539be50ba6cf3490c378a5388',
};

const digest = (parts: Iterable<string>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\n');
  return hash.digest('hex');
};

let directory: string;
let events: EventRow[];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hydrascope-pinned-'));
  await writeScenario({ scale: 'tiny', seed: 11, outDir: directory });
  events = [];
  for await (const record of readRecords(join(directory, 'events.ndjson'), 'ndjson', false)) {
    if ('problem' in record) continue;
    const result = validateRow('events', record.value);
    if (result.ok) events.push(result.row);
    if (events.length === SAMPLE_EVENTS) break;
  }
}, 120_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the loader output on a generated batch', () => {
  it('reads and validates the sample: every event valid, its typed row unchanged', () => {
    expect(events).toHaveLength(SAMPLE_EVENTS);
    expect(digest(events.map((row) => JSON.stringify(row)))).toBe(PINNED.validatedRows);
  });

  it('sketches every prompt exactly as before (the sketch workers’ packed form)', () => {
    const prompts = events.map((row) => row.prompt ?? '');
    const packed = sketchPromptsPacked(prompts);
    expect(digest([Buffer.from(packed.buffer).toString('hex')])).toBe(PINNED.sketches);
  });

  it('gives every prompt the same family id, SimHash and intent, from its text, its sketches or the packed array read in place', () => {
    const direct = new PromptFingerprinter();
    const viaPool = new PromptFingerprinter();
    const inPlace = new PromptFingerprinter();
    const prompts = events.flatMap((row) => (row.prompt === null ? [] : [row.prompt]));
    const packed = sketchPromptsPacked(prompts);
    const lines = prompts.map((prompt, index) => {
      const one = direct.fingerprint(prompt);
      const other = viaPool.fingerprintSketched(unpackSketches(packed, index), prompt);
      expect(other).toEqual(one);
      expect(inPlace.fingerprintPacked(packed, index, prompt)).toEqual(one);
      return `${one.fingerprint} ${one.simhash} ${one.intent}`;
    });
    expect(direct.stats().familiesCreated).toBeGreaterThan(10);
    expect(digest(lines)).toBe(PINNED.fingerprints);
  });

  it('folds each chunk into the same aggregates', () => {
    const fingerprinter = new PromptFingerprinter();
    const chunks: string[] = [];
    for (let start = 0; start < events.length; start += CHUNK_ROWS) {
      const rows: FingerprintedEvent[] = events
        .slice(start, start + CHUNK_ROWS)
        .map((row) => ({ event: { ...row }, fingerprint: row.prompt === null ? undefined : fingerprinter.fingerprint(row.prompt) }));
      chunks.push(JSON.stringify(aggregateEvents(rows)));
    }
    expect(digest(chunks)).toBe(PINNED.aggregates);
  });
});

import { describe, expect, it } from 'vitest';
import { encodeEventIdHashes, EventIdLedger, hashEventId } from '../../src/ingest/event-id-ledger.js';

describe('EventIdLedger', () => {
  it('names no chunk for an id it has never seen', () => {
    const ledger = new EventIdLedger();
    ledger.addIds('file:0', ['evt-1', 'evt-2']);
    expect(ledger.suspects('evt-3')).toEqual([]);
  });

  it('names the chunk that loaded an id', () => {
    const ledger = new EventIdLedger();
    ledger.addIds('file:0', ['evt-1']);
    ledger.addIds('file:1', ['evt-2']);
    expect(ledger.suspects('evt-2')).toEqual(['file:1']);
  });

  it('finds ids remembered from stored hashes exactly as from the ids themselves', () => {
    const ids = Array.from({ length: 1000 }, (_unused, index) => `evt_${index.toString(36)}`);
    const ledger = new EventIdLedger();
    ledger.addHashes('stored:0', encodeEventIdHashes(ids));
    expect(ids.every((id) => ledger.suspects(id)[0] === 'stored:0')).toBe(true);
    expect(ledger.suspects('evt_not_loaded')).toEqual([]);
  });

  it('keeps every id while it grows far past its first capacity', () => {
    const ledger = new EventIdLedger(16);
    const ids = Array.from({ length: 50_000 }, (_unused, index) => `evt-${index}`);
    ledger.addIds('file:0', ids.slice(0, 25_000));
    ledger.addIds('file:1', ids.slice(25_000));
    expect(ledger.size).toBe(50_000);
    expect(ids.filter((id, index) => ledger.suspects(id)[0] !== (index < 25_000 ? 'file:0' : 'file:1'))).toEqual([]);
  });

  it('names every chunk whose ids share a hash, so the caller can tell a collision from a duplicate', () => {
    const ledger = new EventIdLedger(16, () => ({ high: 7, low: 7 }));
    ledger.addIds('file:0', ['evt-a']);
    ledger.addIds('file:1', ['evt-b']);
    expect([...ledger.suspects('evt-c')].sort()).toEqual(['file:0', 'file:1']);
  });

  it('hashes ids that differ in one character differently', () => {
    const first = hashEventId('evt_0000001');
    const second = hashEventId('evt_0000002');
    expect([first.high, first.low]).not.toEqual([second.high, second.low]);
  });
});

// What a campaign's members share of an operator's own: instruments and rare addresses two
// members use, fingerprints mostly theirs; never busy addresses, networks or templates everyone sends.
import { describe, expect, it } from 'vitest';
import { sharedEvidence } from '../../src/campaigns/shared-evidence.js';
import { entityTable, type EntityKind, type LinkageData } from '../../src/linkage/linkage-data.js';

const entity = (kind: EntityKind, key: string, members: number[]) => ({ kind, key, members });

function data(entities: Array<ReturnType<typeof entity>>): LinkageData {
  return { accounts: [], entities: entityTable(entities), addressCount: new Int32Array(0), networkCount: new Int32Array(0) };
}

describe('sharedEvidence', () => {
  const busy = Array.from({ length: 50 }, (_unused, index) => index);
  const graph = data([
    entity('payment', 'card-1', [0, 1]),
    entity('payment', 'card-2', [0, 5]),
    entity('ip', '198.51.100.7', [1, 2, 7]),
    entity('ip', '203.0.113.1', busy),
    entity('network', '198.51.100.0/24', [0, 1, 2]),
    entity('prompt', 'own', [0, 1, 2]),
    entity('prompt', 'popular', [0, 1, 8, 9, 10]),
    entity('prompt', 'single', [0]),
    entity('payment', 'card-3', [5, 6]),
  ]);

  it.each([
    { name: 'an instrument two members pay with', key: 'payment:card-1', campaign: 0, expected: true },
    { name: 'an instrument one member and an outsider pay with', key: 'payment:card-2', campaign: 0, expected: false },
    { name: 'a rare address two members use', key: 'ip:198.51.100.7', campaign: 0, expected: true },
    { name: 'a busy address', key: 'ip:203.0.113.1', campaign: 0, expected: false },
    { name: 'a network', key: 'network:198.51.100.0/24', campaign: 0, expected: false },
    { name: 'a fingerprint only members send', key: 'prompt:own', campaign: 0, expected: true },
    { name: 'a fingerprint outsiders send too', key: 'prompt:popular', campaign: 0, expected: false },
    { name: 'a fingerprint of one member', key: 'prompt:single', campaign: 0, expected: false },
    { name: 'another campaign’s instrument', key: 'payment:card-3', campaign: 1, expected: true },
  ])('$name: $expected', ({ key, campaign, expected }) => {
    const keys = sharedEvidence(graph, [
      [0, 1, 2],
      [5, 6],
    ]);
    expect(keys[campaign]?.includes(key)).toBe(expected);
  });

  it('gives each campaign its keys sorted', () => {
    expect(
      sharedEvidence(graph, [
        [0, 1, 2],
        [5, 6],
      ]),
    ).toEqual([['ip:198.51.100.7', 'payment:card-1', 'prompt:own'], ['payment:card-3']]);
  });

  it('follows the rare-address limit and the exclusive share it is given', () => {
    const [keys] = sharedEvidence(graph, [[0, 1, 2]], { rareAddressLimit: 2, exclusiveShare: 0.4 });
    expect(keys).toEqual(['payment:card-1', 'prompt:own', 'prompt:popular']);
  });
});

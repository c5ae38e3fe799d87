import { describe, expect, it } from 'vitest';
import { accountFacts } from '../support/account-facts.js';
import { campaignReach, reachableShares, reachEntities } from '../../src/evaluation/campaign-reach.js';
import { entityTable } from '../../src/linkage/linkage-data.js';

// Accounts 0-3: campaign "a"; 4-5: campaign "b"; 6-9: benign.
const campaignOf = ['a', 'a', 'a', 'a', 'b', 'b', null, null, null, null];

describe('campaignReach', () => {
  it('counts an account reachable when it uses an entity its campaign holds', () => {
    // 0, 1, 2 share a proxy exit only they use; 3 only sends a fingerprint benign users send too.
    const reach = campaignReach(campaignOf, [{ members: [0, 1, 2] }, { members: [3, 6, 7, 8] }]);
    expect(reach.find((entry) => entry.campaign === 'a')).toEqual({ campaign: 'a', accounts: 4, reachable: 3, share: 0.75 });
  });

  it.each([
    { case: 'one campaign account alone on it', members: [4], reachable: 0 },
    { case: 'two campaign accounts, no one else', members: [4, 5], reachable: 2 },
    { case: 'two campaign accounts and one benign (two thirds held)', members: [4, 5, 9], reachable: 0 },
    { case: 'two campaign accounts of another campaign beside', members: [4, 5, 0, 1], reachable: 0 },
  ])('holds an entity at 80 % of its users and two accounts: $case', ({ members, reachable }) => {
    expect(campaignReach(campaignOf, [{ members }]).find((entry) => entry.campaign === 'b')?.reachable).toBe(reachable);
  });

  it('takes the share and the minimum as options', () => {
    expect(campaignReach(campaignOf, [{ members: [4, 5, 9] }], { heldShare: 0.6 }).find((entry) => entry.campaign === 'b')?.reachable).toBe(2);
    expect(campaignReach(campaignOf, [{ members: [4, 5] }], { minAccounts: 3 }).find((entry) => entry.campaign === 'b')?.reachable).toBe(0);
  });

  it('lists every campaign, in name order, even one with nothing reachable', () => {
    expect(campaignReach(campaignOf, []).map((entry) => [entry.campaign, entry.reachable, entry.share])).toEqual([
      ['a', 0, 0],
      ['b', 0, 0],
    ]);
  });
});

describe('reachEntities', () => {
  it('adds each card issuer as the accounts paying with a card from it', () => {
    const payment = (members: number[], detail: string | null) => ({ kind: 'payment' as const, key: `pm${members.join('')}`, members, usage: members.map(() => 1), detail });
    const entities = [payment([0], 'card|411111'), payment([1], 'card|411111'), payment([2], 'card|522222'), payment([3], 'invoice|'), payment([4], null)];
    expect(
      reachEntities({ entities: entityTable(entities) })
        .slice(entities.length)
        .map((entity) => Array.from(entity.members)),
    ).toEqual([[0, 1], [2]]);
    // Two campaign accounts on their own cards from one issuer nobody else uses are reachable.
    expect(campaignReach(campaignOf, reachEntities({ entities: entityTable(entities) })).find((entry) => entry.campaign === 'a')?.reachable).toBe(2);
  });
});

describe('reachableShares', () => {
  it('maps each labelled campaign to its reachable share, reading labels by account id', () => {
    const accounts = ['a0', 'a1', 'a2', 'n0'].map((accountId, index) => accountFacts(accountId, index));
    const entities = [{ kind: 'ip' as const, key: 'proxy', members: [0, 1], usage: [1, 1], detail: null }];
    const labels = new Map<string, string | null>([
      ['a0', 'a'],
      ['a1', 'a'],
      ['a2', 'a'],
      ['n0', null],
    ]);
    expect(reachableShares(labels, { accounts, entities: entityTable(entities) })).toEqual(new Map([['a', 2 / 3]]));
  });
});

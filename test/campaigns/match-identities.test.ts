import { describe, expect, it } from 'vitest';
import { matchIdentities, type PreviousCampaign } from '../../src/campaigns/match-identities.js';

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_unused, index) => `${prefix}${from + index}`);
const previousCampaign = (campaignId: string, members: string[]): PreviousCampaign => ({
  campaignId,
  members,
  history: [{ run_id: 'r1', at: 't', change: 'new', size: members.length, score: 0.8, related: [] }],
  firstSeenRunId: 'r1',
});

describe('matchIdentities', () => {
  it.each([
    { name: 'keeps the id of a campaign found again with the same members', current: range('a', 0, 20), change: 'stable' },
    { name: 'marks a campaign that gained members as grown', current: range('a', 0, 30), change: 'grew' },
    { name: 'marks a campaign that lost members as shrunk', current: range('a', 0, 12), change: 'shrank' },
  ])('$name', ({ current, change }) => {
    const result = matchIdentities('r2', [{ members: current, score: 0.9 }], [previousCampaign('cmp-old', range('a', 0, 20))], '2026-01-01T00:00:00Z');
    expect(result.assignments[0]?.campaignId).toBe('cmp-old');
    expect(result.assignments[0]?.change).toBe(change);
    expect(result.assignments[0]?.history.map((entry) => entry.change)).toEqual(['new', change]);
    expect(result.dissolved).toEqual([]);
  });

  it('gives a campaign without predecessor a new id', () => {
    const result = matchIdentities('r2', [{ members: range('z', 0, 10), score: 0.7 }], [previousCampaign('cmp-old', range('a', 0, 20))], 't');
    expect(result.assignments[0]?.campaignId).not.toBe('cmp-old');
    expect(result.assignments[0]?.change).toBe('new');
    expect(result.dissolved).toEqual(['cmp-old']);
  });

  it('lets the larger piece of a split keep the id and names the other piece as split from it', () => {
    const result = matchIdentities(
      'r2',
      [
        { members: range('a', 0, 30), score: 0.8 },
        { members: range('a', 30, 50), score: 0.8 },
      ],
      [previousCampaign('cmp-old', range('a', 0, 50))],
      't',
    );
    const [larger, smaller] = result.assignments;
    expect(larger?.campaignId).toBe('cmp-old');
    expect(larger?.change).toBe('split');
    expect(smaller?.change).toBe('split');
    expect(smaller?.related).toEqual(['cmp-old']);
    expect(larger?.related).toEqual([smaller?.campaignId]);
  });

  it('records a merge of two campaigns under the id of the larger one', () => {
    const result = matchIdentities(
      'r2',
      [{ members: [...range('a', 0, 30), ...range('b', 0, 10)], score: 0.9 }],
      [previousCampaign('cmp-a', range('a', 0, 30)), previousCampaign('cmp-b', range('b', 0, 10))],
      't',
    );
    expect(result.assignments[0]?.campaignId).toBe('cmp-a');
    expect(result.assignments[0]?.change).toBe('merged');
    expect(result.assignments[0]?.related).toEqual(['cmp-b']);
  });

  it('derives new ids deterministically from the run and the members', () => {
    const first = matchIdentities('r9', [{ members: ['x', 'y'], score: 1 }], [], 't');
    const second = matchIdentities('r9', [{ members: ['y', 'x'], score: 1 }], [], 't');
    expect(first.assignments[0]?.campaignId).toBe(second.assignments[0]?.campaignId);
  });
});

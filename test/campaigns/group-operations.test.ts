import { describe, expect, it } from 'vitest';
import { groupOperations } from '../../src/campaigns/group-operations.js';
import { LinkageDataBuilder } from '../../src/linkage/linkage-data.js';

function population() {
  const builder = new LinkageDataBuilder();
  for (let index = 0; index < 40; index += 1)
    builder.addAccount({
      accountId: `a${String(index).padStart(2, '0')}`,
      createdAt: 0,
      firstEventAt: 0,
      lastEventAt: 0,
      eventCount: 1,
      inputTokens: 0,
      outputTokens: 0,
      extractionEvents: 0,
      hourHistogram: [],
      activeDays: [],
      orgId: null,
      plan: null,
    });
  return builder;
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
const id = (index: number) => `a${String(index).padStart(2, '0')}`;

describe('groupOperations', () => {
  it('groups campaigns that share a template only they use, and leaves an unrelated campaign alone', () => {
    const builder = population();
    for (const index of range(0, 20)) builder.addUsage('prompt', 'operator-template', id(index), 5, 'other');
    for (const index of range(20, 30)) builder.addUsage('prompt', `own-template-${index}`, id(index), 5, 'other');
    const data = builder.build();
    const campaigns = [
      { campaignId: 'cmp-a', members: range(0, 10), issuer: null },
      { campaignId: 'cmp-b', members: range(10, 20), issuer: null },
      { campaignId: 'cmp-c', members: range(20, 30), issuer: null },
    ];
    const { operations, operationOf } = groupOperations(data, campaigns, new Map(), 'run-1');
    expect(operations).toHaveLength(2);
    expect(operationOf[0]).toBe(operationOf[1]);
    expect(operationOf[2]).not.toBe(operationOf[0]);
    expect(operations[operationOf[0] as number]?.ties).toContain('prompt:operator-template');
  });

  it('does not join campaigns through a template the population uses too', () => {
    const builder = population();
    for (const index of range(0, 40)) builder.addUsage('prompt', 'popular-template', id(index), 5, 'other');
    const { operations } = groupOperations(
      builder.build(),
      [
        { campaignId: 'cmp-a', members: range(0, 5), issuer: null },
        { campaignId: 'cmp-b', members: range(5, 10), issuer: null },
      ],
      new Map(),
      'run-1',
    );
    expect(operations).toHaveLength(2);
  });

  it('joins campaigns paying with one instrument or concentrating on one issuer', () => {
    const builder = population();
    builder.addUsage('payment', 'card-1', id(0), 1, 'prepaid|999999');
    builder.addUsage('payment', 'card-1', id(10), 1, 'prepaid|999999');
    const { operations } = groupOperations(
      builder.build(),
      [
        { campaignId: 'cmp-a', members: range(0, 5), issuer: null },
        { campaignId: 'cmp-b', members: range(10, 15), issuer: null },
        { campaignId: 'cmp-c', members: range(20, 25), issuer: '676801' },
        { campaignId: 'cmp-d', members: range(30, 35), issuer: '676801' },
      ],
      new Map(),
      'run-1',
    );
    expect(operations.map((operation) => operation.campaigns)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('keeps the operation id most of its campaigns had, and gives a new group a new one', () => {
    const builder = population();
    for (const index of range(0, 20)) builder.addUsage('prompt', 'operator-template', id(index), 5, 'other');
    const data = builder.build();
    const campaigns = [
      { campaignId: 'cmp-a', members: range(0, 10), issuer: null },
      { campaignId: 'cmp-b', members: range(10, 20), issuer: null },
      { campaignId: 'cmp-c', members: range(20, 30), issuer: null },
    ];
    const { operations, operationOf } = groupOperations(data, campaigns, new Map([['cmp-b', 'op-kept']]), 'run-2');
    expect(operations[operationOf[0] as number]?.operationId).toBe('op-kept');
    expect(operations[operationOf[2] as number]?.operationId).toMatch(/^op-[0-9a-f]{12}$/);
  });
});

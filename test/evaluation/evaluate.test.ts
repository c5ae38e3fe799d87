import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation, type Assignment, type LabelEntry } from '../../src/evaluation/evaluate.js';

// 8 accounts of campaign "a", 4 of campaign "b", 8 benign.
const labels: LabelEntry[] = [
  ...Array.from({ length: 8 }, (_, index) => ({ account_id: `a${index}`, campaign: 'a' })),
  ...Array.from({ length: 4 }, (_, index) => ({ account_id: `b${index}`, campaign: 'b' })),
  ...Array.from({ length: 8 }, (_, index) => ({ account_id: `n${index}`, campaign: null })),
];
const members = (prefix: string, from: number, to: number, campaignId: string): Assignment[] =>
  Array.from({ length: to - from }, (_, index) => ({ account_id: `${prefix}${from + index}`, campaign_id: campaignId, score: 0.9 }));

describe('evaluate', () => {
  it('scores a perfect result as precision, recall and F1 of 1 with pure campaigns', () => {
    const report = evaluate(labels, [...members('a', 0, 8, 'X'), ...members('b', 0, 4, 'Y')]);
    expect(report).toMatchObject({ precision: 1, recall: 1, f1: 1, benign_false_positive_rate: 0, true_positives: 12, false_positives: 0, false_negatives: 0, reported_campaigns: 2 });
    expect(report.true_campaigns).toEqual([
      { campaign: 'a', accounts: 8, found: 8, recall: 1, reported_campaigns: 1, largest_fragment_share: 1, operations_for_90: 1, largest_operation_share: 1 },
      { campaign: 'b', accounts: 4, found: 4, recall: 1, reported_campaigns: 1, largest_fragment_share: 1, operations_for_90: 1, largest_operation_share: 1 },
    ]);
    expect(report.campaigns.map(({ campaign_id, purity, dominant_label, size }) => ({ campaign_id, purity, dominant_label, size }))).toEqual([
      { campaign_id: 'X', purity: 1, dominant_label: 'a', size: 8 },
      { campaign_id: 'Y', purity: 1, dominant_label: 'b', size: 4 },
    ]);
  });

  it('scores an all-benign result (nothing reported) as recall 0 and precision 0 by convention', () => {
    const report = evaluate(labels, []);
    expect(report).toMatchObject({ precision: 0, recall: 0, f1: 0, benign_false_positive_rate: 0, false_negatives: 12, reported_campaigns: 0 });
    expect(report.true_campaigns.map((truth) => [truth.campaign, truth.found, truth.reported_campaigns])).toEqual([
      ['a', 0, 0],
      ['b', 0, 0],
    ]);
  });

  it('scores a half-split result: every account found, each true campaign in two pure reported campaigns', () => {
    const report = evaluate(labels, [...members('a', 0, 4, 'X1'), ...members('a', 4, 8, 'X2'), ...members('b', 0, 2, 'Y1'), ...members('b', 2, 4, 'Y2')]);
    expect(report).toMatchObject({ precision: 1, recall: 1, f1: 1, reported_campaigns: 4 });
    expect(report.true_campaigns.map((truth) => [truth.campaign, truth.reported_campaigns, truth.largest_fragment_share])).toEqual([
      ['a', 2, 0.5],
      ['b', 2, 0.5],
    ]);
    expect(report.campaigns.every((campaign) => campaign.purity === 1)).toBe(true);
  });

  it('counts the operations holding 90% of each true campaign: pieces of one operation count once', () => {
    const inOperation = (assignments: Assignment[], operation: string) => assignments.map((assignment) => ({ ...assignment, operation_id: operation }));
    const report = evaluate(labels, [
      ...inOperation(members('a', 0, 4, 'X1'), 'op-1'),
      ...inOperation(members('a', 4, 7, 'X2'), 'op-1'),
      ...inOperation(members('a', 7, 8, 'X3'), 'op-2'),
      ...members('b', 0, 2, 'Y1'),
      ...members('b', 2, 4, 'Y2'),
    ]);
    expect(report.true_campaigns.map((truth) => [truth.campaign, truth.reported_campaigns, truth.operations_for_90, truth.largest_operation_share])).toEqual([
      ['a', 3, 2, 7 / 8],
      // Campaigns without an operation count alone.
      ['b', 2, 2, 0.5],
    ]);
  });

  it('scores a half-found result mixed with benign accounts', () => {
    // 4 of "a" and 4 benign in one reported campaign; "b" missed.
    const report = evaluate(labels, [...members('a', 0, 4, 'X'), ...members('n', 0, 4, 'X')]);
    expect(report.precision).toBe(0.5);
    expect(report.recall).toBe(4 / 12);
    expect(report.f1).toBeCloseTo((2 * 0.5 * (4 / 12)) / (0.5 + 4 / 12), 12);
    expect(report.benign_false_positive_rate).toBe(0.5);
    expect(report.campaigns[0]).toMatchObject({ campaign_id: 'X', size: 8, purity: 0.5, benign_members: 4 });
  });

  it('scores a result that reports every benign account with a benign false-positive rate of 1', () => {
    const report = evaluate(labels, [...members('a', 0, 4, 'X'), ...members('b', 0, 4, 'X'), ...members('n', 0, 8, 'X')]);
    expect(report).toMatchObject({ precision: 0.5, recall: 8 / 12, benign_false_positive_rate: 1 });
    expect(report.campaigns[0]).toMatchObject({ purity: 0.5, dominant_label: null, benign_members: 8 });
  });

  it('ignores reported accounts without a label and keeps the higher score of a duplicate', () => {
    const report = evaluate(labels, [
      { account_id: 'a0', campaign_id: 'X', score: 0.2 },
      { account_id: 'a0', campaign_id: 'Z', score: 0.8 },
      { account_id: 'stranger', campaign_id: 'Z', score: 0.8 },
    ]);
    expect(report.accounts).toMatchObject({ reported: 2, reported_unlabelled: 1 });
    expect(report.duplicate_assignments).toBe(1);
    expect(report.true_positives).toBe(1);
    expect(report.campaigns.find((campaign) => campaign.campaign_id === 'Z')).toMatchObject({ size: 2, labelled: 1, purity: 1 });
  });

  it('counts reported accounts per confounder group', () => {
    const report = evaluate(labels, members('n', 0, 1, 'X'), [
      { account_id: 'n0', group: 'carrier_nat' },
      { account_id: 'n1', group: 'carrier_nat' },
      { account_id: 'n2', group: 'vpn' },
    ]);
    expect(report.confounders).toEqual([
      { group: 'carrier_nat', accounts: 2, reported: 1, share: 0.5 },
      { group: 'vpn', accounts: 1, reported: 0, share: 0 },
    ]);
  });

  it('formats the report with the headline metrics', () => {
    const text = formatEvaluation(evaluate(labels, members('a', 0, 8, 'X')));
    expect(text).toMatch(/precision 1\.0000 {2}recall 0\.6667/);
    expect(text).toMatch(/b +found 0\/4/);
  });
});

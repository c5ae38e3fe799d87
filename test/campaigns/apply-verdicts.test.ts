// The verdict rules of a refresh, as a table over the pure function: what a dismissed,
// confirmed or unjudged campaign does when it stays, grows, splits or merges, and what a
// not_involved account does.
import { describe, expect, it } from 'vitest';
import { applyVerdicts, lineageOf, type RefreshedCampaign, type StandingVerdict, type VerdictState } from '../../src/campaigns/apply-verdicts.js';
import type { PreviousCampaign } from '../../src/campaigns/match-identities.js';

const accounts = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_unused, index) => `${prefix}-${String(from + index).padStart(3, '0')}`);
const previousCampaign = (campaignId: string, members: string[]): PreviousCampaign => ({ campaignId, members, history: [], firstSeenRunId: 'run-1' });
const judged = (entries: Record<string, [StandingVerdict['verdict'], number]>): VerdictState['campaigns'] =>
  new Map(Object.entries(entries).map(([campaignId, [verdict, sizeAtVerdict]]) => [campaignId, { verdictId: `vrd-${campaignId}`, verdict, sizeAtVerdict }]));
const state = (campaigns: VerdictState['campaigns'] = new Map(), notInvolved: Record<string, string[]> = {}): VerdictState => ({
  campaigns,
  notInvolved: new Map(Object.entries(notInvolved).map(([campaignId, ids]) => [campaignId, new Set(ids)])),
});
const campaign = (campaignId: string, members: string[], change: RefreshedCampaign['change'], previousSize: number | null, related: string[] = []): RefreshedCampaign => ({
  campaignId,
  members,
  change,
  previousSize,
  related,
});

describe('a dismissed campaign', () => {
  const previous = [previousCampaign('cmp-a', accounts('a', 0, 10))];
  const dismissed = state(judged({ 'cmp-a': ['dismissed', 10] }));

  it('stays dismissed and raises no alert when found again at about its size', () => {
    const outcome = applyVerdicts([campaign('cmp-a', accounts('a', 0, 12), 'grew', 10)], previous, dismissed);
    expect(outcome.standing).toEqual(['dismissed']);
    expect(outcome.verdicts).toEqual([]);
    expect(outcome.alerts).toEqual([]);
  });

  it('stays dismissed below the growth share, measured from its size when it was dismissed', () => {
    // 14 of 10: +40 %, under the default +50 %, even though it grew more than that since the previous refresh.
    const outcome = applyVerdicts([campaign('cmp-a', accounts('a', 0, 14), 'grew', 8)], previous, dismissed);
    expect(outcome.standing).toEqual(['dismissed']);
    expect(outcome.alerts).toEqual([]);
  });

  it('is reopened (under_review, with the reason) and alerted once it has grown by the share', () => {
    const outcome = applyVerdicts([campaign('cmp-a', accounts('a', 0, 15), 'grew', 10)], previous, dismissed);
    expect(outcome.standing).toEqual(['under_review']);
    expect(outcome.verdicts).toEqual([
      expect.objectContaining({ scope: 'campaign', campaignId: 'cmp-a', verdict: 'under_review', reason: 'reopened_on_growth', basedOn: 'vrd-cmp-a', sizeAtVerdict: 15 }),
    ]);
    expect(outcome.verdicts[0]?.note).toBe('reopened: grew from 10 to 15 accounts (+50 %) since it was dismissed; the reopen threshold is +50 %');
    expect(outcome.alerts.map((alert) => alert.kind)).toEqual(['campaign_reopened']);
  });

  it('uses the configured growth share', () => {
    const outcome = applyVerdicts([campaign('cmp-a', accounts('a', 0, 12), 'grew', 10)], previous, dismissed, { reopenGrowthShare: 0.2 });
    expect(outcome.standing).toEqual(['under_review']);
  });
});

describe('splits and merges', () => {
  it('a piece split off a judged campaign inherits its verdict, with a note naming it', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 20))];
    const outcome = applyVerdicts(
      [campaign('cmp-a', accounts('a', 0, 12), 'split', 20, ['cmp-new']), campaign('cmp-new', accounts('a', 12, 20), 'split', null, ['cmp-a'])],
      previous,
      state(judged({ 'cmp-a': ['confirmed', 20] })),
    );
    expect(outcome.standing).toEqual(['confirmed', 'confirmed']);
    expect(outcome.verdicts).toEqual([
      expect.objectContaining({ campaignId: 'cmp-new', verdict: 'confirmed', reason: 'inherited_on_split', note: 'inherited from cmp-a (confirmed) when it split', basedOn: null, sizeAtVerdict: 8 }),
    ]);
    // A new campaign to look at, but none of its members is new to the confirmed lineage.
    expect(outcome.alerts.map((alert) => [alert.kind, alert.campaignId])).toEqual([['new_campaign', 'cmp-new']]);
  });

  it('a piece split off a dismissed campaign stays dismissed and raises no alert', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 20))];
    const outcome = applyVerdicts(
      [campaign('cmp-a', accounts('a', 0, 12), 'split', 20, ['cmp-new']), campaign('cmp-new', accounts('a', 12, 20), 'split', null, ['cmp-a'])],
      previous,
      state(judged({ 'cmp-a': ['dismissed', 20] })),
    );
    expect(outcome.standing).toEqual(['dismissed', 'dismissed']);
    expect(outcome.alerts).toEqual([]);
  });

  it('a merge of differently judged campaigns goes back to under_review, naming each verdict', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 10)), previousCampaign('cmp-b', accounts('b', 0, 10))];
    const outcome = applyVerdicts(
      [campaign('cmp-a', [...accounts('a', 0, 10), ...accounts('b', 0, 10)], 'merged', 10, ['cmp-b'])],
      previous,
      state(judged({ 'cmp-a': ['confirmed', 10], 'cmp-b': ['dismissed', 10] })),
    );
    expect(outcome.standing).toEqual(['under_review']);
    expect(outcome.verdicts).toEqual([
      expect.objectContaining({
        campaignId: 'cmp-a',
        verdict: 'under_review',
        reason: 'merged_differently_judged',
        note: 'merged differently judged campaigns: cmp-a (confirmed), cmp-b (dismissed)',
        basedOn: 'vrd-cmp-a',
      }),
    ]);
    expect(outcome.alerts.map((alert) => alert.kind)).toEqual(['campaign_reopened']);
  });

  it('a merge with an unjudged campaign also goes back to review', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 10)), previousCampaign('cmp-b', accounts('b', 0, 4))];
    const outcome = applyVerdicts([campaign('cmp-a', [...accounts('a', 0, 10), ...accounts('b', 0, 4)], 'merged', 10, ['cmp-b'])], previous, state(judged({ 'cmp-a': ['confirmed', 10] })));
    expect(outcome.standing).toEqual(['under_review']);
    expect(outcome.verdicts[0]?.note).toContain('cmp-b (no verdict)');
  });

  it('a merge of campaigns judged alike keeps the verdict', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 10)), previousCampaign('cmp-b', accounts('b', 0, 2))];
    const outcome = applyVerdicts(
      [campaign('cmp-a', [...accounts('a', 0, 10), ...accounts('b', 0, 2)], 'merged', 10, ['cmp-b'])],
      previous,
      state(judged({ 'cmp-a': ['confirmed', 10], 'cmp-b': ['confirmed', 2] })),
    );
    expect(outcome.standing).toEqual(['confirmed']);
    expect(outcome.verdicts).toEqual([]);
    // Both lineages were confirmed: nobody is new.
    expect(outcome.alerts).toEqual([]);
  });

  it('names the previous campaigns a campaign continues', () => {
    expect(lineageOf(campaign('cmp-a', [], 'merged', 10, ['cmp-b']))).toEqual(['cmp-a', 'cmp-b']);
    expect(lineageOf(campaign('cmp-a', [], 'split', 10, ['cmp-new']))).toEqual(['cmp-a']);
    expect(lineageOf(campaign('cmp-new', [], 'split', null, ['cmp-a']))).toEqual(['cmp-a']);
    expect(lineageOf(campaign('cmp-new', [], 'new', null))).toEqual([]);
  });
});

describe('not_involved accounts', () => {
  it('are left out of the campaign they were marked in, and its size and change are measured without them', () => {
    // The previous refresh had already left them out: 8 members then, 10 found now, 8 kept.
    const previous = [
      previousCampaign(
        'cmp-a',
        accounts('a', 0, 10).filter((id) => id !== 'a-003' && id !== 'a-009'),
      ),
    ];
    const outcome = applyVerdicts([campaign('cmp-a', accounts('a', 0, 10), 'grew', 8)], previous, state(new Map(), { 'cmp-a': ['a-003', 'a-009'] }));
    expect(outcome.leftOut).toEqual([['a-003', 'a-009']]);
    expect(outcome.members[0]).toHaveLength(8);
    expect(outcome.members[0]).not.toContain('a-003');
    expect(outcome.changes).toEqual(['stable']);
    expect(outcome.verdicts).toEqual([]);
  });

  it('stay out of the campaign that continues theirs, with the verdict carried to its id', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 10)), previousCampaign('cmp-b', accounts('b', 0, 10))];
    const outcome = applyVerdicts([campaign('cmp-a', [...accounts('a', 0, 10), ...accounts('b', 0, 10)], 'merged', 10, ['cmp-b'])], previous, state(new Map(), { 'cmp-b': ['b-001'] }));
    expect(outcome.leftOut).toEqual([['b-001']]);
    expect(outcome.verdicts).toEqual([expect.objectContaining({ scope: 'account', campaignId: 'cmp-a', accountId: 'b-001', verdict: 'not_involved', reason: 'carried_over' })]);
  });

  it('only leave the campaign they were marked in', () => {
    const outcome = applyVerdicts([campaign('cmp-c', accounts('a', 0, 6), 'new', null)], [], state(new Map(), { 'cmp-a': ['a-001'] }));
    expect(outcome.leftOut).toEqual([[]]);
    expect(outcome.members[0]).toContain('a-001');
  });
});

describe('alerts', () => {
  it('raises new_campaign for a new campaign', () => {
    const outcome = applyVerdicts([campaign('cmp-n', accounts('n', 0, 7), 'new', null)], [], state());
    expect(outcome.alerts).toEqual([{ kind: 'new_campaign', campaignId: 'cmp-n', accountId: null, detail: 'new campaign of 7 accounts', size: 7, previousSize: null }]);
  });

  it('raises new_member_of_confirmed_campaign for each account that joined a confirmed campaign', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 10))];
    const outcome = applyVerdicts([campaign('cmp-a', accounts('a', 0, 12), 'grew', 10)], previous, state(judged({ 'cmp-a': ['confirmed', 10] })));
    expect(outcome.alerts.map((alert) => [alert.kind, alert.accountId])).toEqual([
      ['new_member_of_confirmed_campaign', 'a-010'],
      ['new_member_of_confirmed_campaign', 'a-011'],
    ]);
  });

  it('raises campaign_grew for an unjudged or reviewed campaign grown by the share since the previous refresh, not for a smaller growth', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 10)), previousCampaign('cmp-b', accounts('b', 0, 10))];
    const outcome = applyVerdicts(
      [campaign('cmp-a', accounts('a', 0, 15), 'grew', 10), campaign('cmp-b', accounts('b', 0, 14), 'grew', 10)],
      previous,
      state(judged({ 'cmp-b': ['under_review', 10] })),
    );
    expect(outcome.alerts.map((alert) => [alert.kind, alert.campaignId, alert.detail])).toEqual([['campaign_grew', 'cmp-a', 'grew from 10 to 15 accounts (+50 %) since the previous refresh']]);
  });

  it('raises nothing for a campaign found again unchanged', () => {
    const previous = [previousCampaign('cmp-a', accounts('a', 0, 10))];
    expect(applyVerdicts([campaign('cmp-a', accounts('a', 0, 10), 'stable', 10)], previous, state()).alerts).toEqual([]);
  });
});

describe('a dismissed campaign gaining new shared evidence', () => {
  const previous = [previousCampaign('cmp-a', accounts('a', 0, 10))];
  const dismissedWith = (evidence: string[] | null): VerdictState =>
    state(new Map([['cmp-a', { verdictId: 'vrd-cmp-a', verdict: 'dismissed' as const, sizeAtVerdict: 10, evidenceAtVerdict: evidence }]]));
  const withEvidence = (evidence: string[]): RefreshedCampaign => ({ ...campaign('cmp-a', accounts('a', 0, 10), 'stable', 10), sharedEvidence: evidence });

  it.each([
    { name: 'the same evidence as when dismissed', now: ['ip:198.51.100.7', 'payment:card-1'], reopens: false },
    { name: 'less evidence than when dismissed', now: ['payment:card-1'], reopens: false },
    { name: 'a new shared payment instrument', now: ['ip:198.51.100.7', 'payment:card-1', 'payment:card-2'], reopens: true },
    { name: 'a new fingerprint of its own', now: ['ip:198.51.100.7', 'payment:card-1', 'prompt:f00d'], reopens: true },
  ])('$name: reopened $reopens', ({ now, reopens }) => {
    const outcome = applyVerdicts([withEvidence(now)], previous, dismissedWith(['ip:198.51.100.7', 'payment:card-1']));
    expect(outcome.standing).toEqual([reopens ? 'under_review' : 'dismissed']);
    expect(outcome.alerts.map((alert) => alert.kind)).toEqual(reopens ? ['campaign_reopened'] : []);
  });

  it('names the new evidence in the note and records the evidence it now stands on', () => {
    const outcome = applyVerdicts([withEvidence(['payment:card-1', 'payment:card-2', 'prompt:f00d'])], previous, dismissedWith(['payment:card-1']));
    expect(outcome.verdicts).toEqual([
      expect.objectContaining({ verdict: 'under_review', reason: 'reopened_on_new_evidence', basedOn: 'vrd-cmp-a', evidenceAtVerdict: ['payment:card-1', 'payment:card-2', 'prompt:f00d'] }),
    ]);
    expect(outcome.verdicts[0]?.note).toBe('reopened: its members share 2 pieces of evidence they did not share when it was dismissed: payment:card-2, prompt:f00d');
  });

  it('needs the configured number of new pieces, and never reopens with 0 or without a recorded baseline', () => {
    const gained = withEvidence(['payment:card-1', 'payment:card-2']);
    expect(applyVerdicts([gained], previous, dismissedWith(['payment:card-1']), { reopenNewEvidence: 2 }).standing).toEqual(['dismissed']);
    expect(applyVerdicts([gained], previous, dismissedWith(['payment:card-1']), { reopenNewEvidence: 0 }).standing).toEqual(['dismissed']);
    expect(applyVerdicts([gained], previous, dismissedWith(null)).standing).toEqual(['dismissed']);
  });

  it('measures a split piece that inherits a dismissal against what its source shared when dismissed', () => {
    const source = [previousCampaign('cmp-a', accounts('a', 0, 20))];
    const pieces = [
      { ...campaign('cmp-a', accounts('a', 0, 12), 'split', 20, ['cmp-new']), sharedEvidence: ['payment:card-1'] },
      { ...campaign('cmp-new', accounts('a', 12, 20), 'split', null, ['cmp-a']), sharedEvidence: ['payment:card-1', 'payment:card-9'] },
    ];
    const judgedState = state(new Map([['cmp-a', { verdictId: 'vrd-cmp-a', verdict: 'dismissed' as const, sizeAtVerdict: 20, evidenceAtVerdict: ['payment:card-1'] }]]));
    const outcome = applyVerdicts(pieces, source, judgedState);
    expect(outcome.standing).toEqual(['dismissed', 'under_review']);
    expect(outcome.verdicts.map((verdict) => [verdict.campaignId, verdict.reason])).toEqual([['cmp-new', 'reopened_on_new_evidence']]);
  });
});

// Verdicts as labels: precision among reviewed campaigns and accounts, each counted once by its
// latest verdict; under_review and the refresh's own verdicts are counted apart.
import { describe, expect, it } from 'vitest';
import { formatVerdictPrecision, verdictPrecision, type LatestVerdict } from '../../src/evaluation/verdict-precision.js';

const onCampaign = (campaignId: string, verdict: string, automatic = false): LatestVerdict => ({ scope: 'campaign', campaignId, accountId: null, verdict, automatic });
const onAccount = (accountId: string, verdict: string, automatic = false): LatestVerdict => ({ scope: 'account', campaignId: 'cmp-a', accountId, verdict, automatic });

describe('verdictPrecision', () => {
  it.each([
    {
      name: 'confirmed and dismissed campaigns',
      verdicts: [onCampaign('a', 'confirmed'), onCampaign('b', 'confirmed'), onCampaign('c', 'confirmed'), onCampaign('d', 'dismissed')],
      campaigns: { reviewed: 4, confirmed: 3, dismissed: 1, precision: 0.75 },
    },
    { name: 'under review is not reviewed', verdicts: [onCampaign('a', 'confirmed'), onCampaign('b', 'under_review')], campaigns: { reviewed: 1, underReview: 1, precision: 1 } },
    { name: 'an inherited verdict is not an analyst’s', verdicts: [onCampaign('a', 'dismissed'), onCampaign('b', 'confirmed', true)], campaigns: { reviewed: 1, automatic: 1, precision: 0 } },
    { name: 'nothing reviewed', verdicts: [onCampaign('a', 'under_review')], campaigns: { reviewed: 0, precision: null } },
  ])('campaigns: $name', ({ verdicts, campaigns }) => {
    expect(verdictPrecision(verdicts).campaigns).toMatchObject(campaigns);
  });

  it('accounts: confirmed against not_involved, carried-over verdicts apart', () => {
    const report = verdictPrecision([onAccount('x', 'confirmed'), onAccount('y', 'not_involved'), onAccount('z', 'not_involved'), onAccount('z2', 'not_involved', true)]);
    expect(report.accounts).toEqual({ reviewed: 3, confirmed: 1, notInvolved: 2, automatic: 1, precision: 0.3333 });
  });

  it('says clearly when there are no verdicts', () => {
    expect(formatVerdictPrecision(verdictPrecision([]))).toMatch(/^No verdicts yet/);
  });

  it('prints precision with its counts', () => {
    const text = formatVerdictPrecision(verdictPrecision([onCampaign('a', 'confirmed'), onCampaign('b', 'dismissed'), onAccount('x', 'not_involved')]));
    expect(text).toContain('campaigns: precision 50.0 %  (1 confirmed / 2 reviewed; 1 dismissed)');
    expect(text).toContain('accounts:  precision 0.0 %  (0 confirmed / 1 reviewed; 1 not involved)');
  });
});

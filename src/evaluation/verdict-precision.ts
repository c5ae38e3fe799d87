// `hydrascope eval --verdicts`: analysts' verdicts read as labels. Precision among reviewed
// campaigns is confirmed / (confirmed + dismissed); among reviewed accounts, confirmed /
// (confirmed + not_involved). Each campaign (and each account in a campaign) counts once, by its
// latest verdict. `under_review` is not a review yet, and a verdict the refresh recorded itself
// (inherited on a split, carried over, reopened) is no analyst's judgement: both are counted
// apart and left out of the precision.

export interface LatestVerdict {
  scope: 'campaign' | 'account';
  campaignId: string;
  accountId: string | null;
  verdict: string;
  automatic: boolean;
}

export interface VerdictPrecision {
  campaigns: { reviewed: number; confirmed: number; dismissed: number; underReview: number; automatic: number; precision: number | null };
  accounts: { reviewed: number; confirmed: number; notInvolved: number; automatic: number; precision: number | null };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

export function verdictPrecision(verdicts: readonly LatestVerdict[]): VerdictPrecision {
  const campaigns = { reviewed: 0, confirmed: 0, dismissed: 0, underReview: 0, automatic: 0, precision: null as number | null };
  const accounts = { reviewed: 0, confirmed: 0, notInvolved: 0, automatic: 0, precision: null as number | null };
  for (const entry of verdicts) {
    if (entry.scope === 'campaign') {
      if (entry.verdict === 'under_review') campaigns.underReview += 1;
      else if (entry.automatic) campaigns.automatic += 1;
      else if (entry.verdict === 'confirmed') campaigns.confirmed += 1;
      else if (entry.verdict === 'dismissed') campaigns.dismissed += 1;
    } else if (entry.automatic) accounts.automatic += 1;
    else if (entry.verdict === 'confirmed') accounts.confirmed += 1;
    else if (entry.verdict === 'not_involved') accounts.notInvolved += 1;
  }
  campaigns.reviewed = campaigns.confirmed + campaigns.dismissed;
  campaigns.precision = ratio(campaigns.confirmed, campaigns.reviewed);
  accounts.reviewed = accounts.confirmed + accounts.notInvolved;
  accounts.precision = ratio(accounts.confirmed, accounts.reviewed);
  return { campaigns, accounts };
}

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`);

export function formatVerdictPrecision(report: VerdictPrecision): string {
  const { campaigns, accounts } = report;
  if (campaigns.reviewed + campaigns.underReview + campaigns.automatic + accounts.reviewed + accounts.automatic === 0) {
    return 'No verdicts yet: record some in the explorer or with PUT /api/v1/campaigns/{id}/verdict (docs/analyst-workflow.md), then run eval --verdicts again.\n';
  }
  return [
    "Precision by analysts' verdicts (each campaign and each account in a campaign counted once, by its latest verdict)",
    `  campaigns: precision ${percent(campaigns.precision)}  (${campaigns.confirmed} confirmed / ${campaigns.reviewed} reviewed; ${campaigns.dismissed} dismissed)`,
    `             not counted: ${campaigns.underReview} under review, ${campaigns.automatic} with a verdict the refresh recorded (inherited on a split)`,
    `  accounts:  precision ${percent(accounts.precision)}  (${accounts.confirmed} confirmed / ${accounts.reviewed} reviewed; ${accounts.notInvolved} not involved)`,
    `             not counted: ${accounts.automatic} not_involved verdicts the refresh carried over to a new campaign id`,
    '',
  ].join('\n');
}

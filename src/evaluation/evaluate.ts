// The pure core of `hydrascope eval`: compares reported campaigns with ground-truth labels at
// the account level. Definitions are in docs/evaluation.md; every ratio with an empty
// denominator is 0 (as scikit-learn's zero_division=0), so the JSON is always numbers.

export interface LabelEntry {
  account_id: string;
  campaign: string | null;
}

export interface Assignment {
  account_id: string;
  campaign_id: string;
  score: number | null;
  /** The operation the campaign belongs to; absent in older export files. */
  operation_id?: string | null;
}

export interface ConfounderEntry {
  account_id: string;
  group: string;
}

export interface TrueCampaignResult {
  campaign: string;
  accounts: number;
  found: number;
  recall: number;
  /** Distinct reported campaigns the found accounts fall into (1 = found as one campaign). */
  reported_campaigns: number;
  /** Largest number of its accounts inside one reported campaign, as a share of its accounts. */
  largest_fragment_share: number;
  /** Fewest operations holding 90% of its found accounts (campaigns without an operation count alone). */
  operations_for_90: number;
  /** Share of its found accounts in its largest operation. */
  largest_operation_share: number;
}

export interface ReportedCampaignResult {
  campaign_id: string;
  size: number;
  /** Members that have a label; purity is computed over these. */
  labelled: number;
  score: number | null;
  /** The most common true class among labelled members: a campaign name, or null for benign. */
  dominant_label: string | null;
  purity: number;
  benign_members: number;
}

export interface ConfounderResult {
  group: string;
  accounts: number;
  reported: number;
  share: number;
}

export interface EvaluationReport {
  accounts: { labelled: number; campaign: number; benign: number; reported: number; reported_unlabelled: number };
  true_positives: number;
  false_positives: number;
  false_negatives: number;
  precision: number;
  recall: number;
  f1: number;
  benign_false_positive_rate: number;
  reported_campaigns: number;
  /** Accounts listed in more than one reported campaign (the highest score is kept). */
  duplicate_assignments: number;
  true_campaigns: TrueCampaignResult[];
  campaigns: ReportedCampaignResult[];
  confounders: ConfounderResult[];
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : 0);
const BENIGN = '\u0000benign';

export function evaluate(labels: Iterable<LabelEntry>, assignments: Iterable<Assignment>, confounders: Iterable<ConfounderEntry> = []): EvaluationReport {
  const labelOf = new Map<string, string | null>();
  for (const label of labels) labelOf.set(label.account_id, label.campaign);

  // One reported campaign per account; a second assignment keeps the higher score.
  const assigned = new Map<string, Assignment>();
  let duplicates = 0;
  const campaignScores = new Map<string, number | null>();
  for (const assignment of assignments) {
    if (!campaignScores.has(assignment.campaign_id)) campaignScores.set(assignment.campaign_id, assignment.score);
    const previous = assigned.get(assignment.account_id);
    if (previous) {
      duplicates += 1;
      if ((assignment.score ?? -Infinity) <= (previous.score ?? -Infinity)) continue;
    }
    assigned.set(assignment.account_id, assignment);
  }

  let truePositives = 0;
  let falsePositives = 0;
  let campaignAccounts = 0;
  let unlabelled = 0;
  const trueCampaigns = new Map<string, { accounts: number; found: number; fragments: Map<string, number>; operations: Map<string, number> }>();
  for (const [accountId, label] of labelOf) {
    const assignment = assigned.get(accountId);
    if (label !== null) {
      campaignAccounts += 1;
      let truth = trueCampaigns.get(label);
      if (!truth) trueCampaigns.set(label, (truth = { accounts: 0, found: 0, fragments: new Map(), operations: new Map() }));
      truth.accounts += 1;
      if (assignment) {
        truePositives += 1;
        truth.found += 1;
        truth.fragments.set(assignment.campaign_id, (truth.fragments.get(assignment.campaign_id) ?? 0) + 1);
        const operation = assignment.operation_id ?? `campaign:${assignment.campaign_id}`;
        truth.operations.set(operation, (truth.operations.get(operation) ?? 0) + 1);
      }
    } else if (assignment) {
      falsePositives += 1;
    }
  }

  const members = new Map<string, { size: number; classes: Map<string, number> }>();
  for (const [accountId, assignment] of assigned) {
    let reported = members.get(assignment.campaign_id);
    if (!reported) members.set(assignment.campaign_id, (reported = { size: 0, classes: new Map() }));
    reported.size += 1;
    if (!labelOf.has(accountId)) {
      unlabelled += 1;
      continue;
    }
    const truth = labelOf.get(accountId) ?? BENIGN;
    reported.classes.set(truth, (reported.classes.get(truth) ?? 0) + 1);
  }

  const benign = labelOf.size - campaignAccounts;
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, campaignAccounts);
  const groups = new Map<string, { accounts: Set<string>; reported: number }>();
  for (const entry of confounders) {
    let group = groups.get(entry.group);
    if (!group) groups.set(entry.group, (group = { accounts: new Set(), reported: 0 }));
    if (group.accounts.has(entry.account_id)) continue;
    group.accounts.add(entry.account_id);
    if (assigned.has(entry.account_id)) group.reported += 1;
  }

  return {
    accounts: { labelled: labelOf.size, campaign: campaignAccounts, benign, reported: assigned.size, reported_unlabelled: unlabelled },
    true_positives: truePositives,
    false_positives: falsePositives,
    false_negatives: campaignAccounts - truePositives,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    benign_false_positive_rate: ratio(falsePositives, benign),
    reported_campaigns: members.size,
    duplicate_assignments: duplicates,
    true_campaigns: [...trueCampaigns.entries()]
      .map(([campaign, truth]) => ({
        campaign,
        accounts: truth.accounts,
        found: truth.found,
        recall: ratio(truth.found, truth.accounts),
        reported_campaigns: truth.fragments.size,
        largest_fragment_share: ratio(Math.max(0, ...truth.fragments.values()), truth.accounts),
        operations_for_90: operationsHolding(truth.operations, 0.9 * truth.found),
        largest_operation_share: ratio(Math.max(0, ...truth.operations.values()), truth.found),
      }))
      .sort((first, second) => first.campaign.localeCompare(second.campaign)),
    campaigns: [...members.entries()]
      .map(([campaignId, reported]) => {
        const labelled = [...reported.classes.values()].reduce((sum, count) => sum + count, 0);
        const [dominant, dominantCount] = [...reported.classes.entries()].sort((first, second) => second[1] - first[1] || first[0].localeCompare(second[0]))[0] ?? [BENIGN, 0];
        return {
          campaign_id: campaignId,
          size: reported.size,
          labelled,
          score: campaignScores.get(campaignId) ?? null,
          dominant_label: dominant === BENIGN ? null : dominant,
          purity: ratio(dominantCount, labelled),
          benign_members: reported.classes.get(BENIGN) ?? 0,
        };
      })
      .sort((first, second) => second.size - first.size || first.campaign_id.localeCompare(second.campaign_id)),
    confounders: [...groups.entries()]
      .map(([group, entry]) => ({ group, accounts: entry.accounts.size, reported: entry.reported, share: ratio(entry.reported, entry.accounts.size) }))
      .sort((first, second) => first.group.localeCompare(second.group)),
  };
}

/** Fewest groups (largest first) whose counts add up to at least `target`. */
function operationsHolding(counts: Map<string, number>, target: number): number {
  let held = 0;
  let groups = 0;
  for (const count of [...counts.values()].sort((first, second) => second - first)) {
    if (held >= target) break;
    held += count;
    groups += 1;
  }
  return groups;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The report as text for a terminal. */
export function formatEvaluation(report: EvaluationReport): string {
  const lines = [
    `accounts: ${report.accounts.labelled} labelled (${report.accounts.campaign} campaign, ${report.accounts.benign} benign); ${report.accounts.reported} reported in ${report.reported_campaigns} campaigns${report.accounts.reported_unlabelled > 0 ? ` (${report.accounts.reported_unlabelled} without a label, ignored)` : ''}`,
    `precision ${report.precision.toFixed(4)}  recall ${report.recall.toFixed(4)}  F1 ${report.f1.toFixed(4)}  (TP ${report.true_positives}, FP ${report.false_positives}, FN ${report.false_negatives})`,
    `benign false-positive rate ${report.benign_false_positive_rate.toFixed(5)} (${report.false_positives} of ${report.accounts.benign})`,
    '',
    'true campaigns:',
    ...report.true_campaigns.map(
      (truth) =>
        `  ${truth.campaign.padEnd(20)} found ${truth.found}/${truth.accounts} (${percent(truth.recall)}) in ${truth.reported_campaigns} reported campaign(s), largest share ${percent(truth.largest_fragment_share)}; 90% in ${truth.operations_for_90} operation(s), largest holds ${percent(truth.largest_operation_share)}`,
    ),
    '',
    'reported campaigns:',
    ...report.campaigns
      .slice(0, 30)
      .map(
        (campaign) =>
          `  ${campaign.campaign_id.padEnd(24)} size ${String(campaign.size).padStart(6)}  purity ${percent(campaign.purity).padStart(6)}  dominant ${campaign.labelled === 0 ? '(no labelled members)' : (campaign.dominant_label ?? 'benign')}${campaign.benign_members > 0 ? `  benign ${campaign.benign_members}` : ''}`,
      ),
  ];
  if (report.campaigns.length > 30) lines.push(`  … ${report.campaigns.length - 30} more`);
  if (report.confounders.length > 0) {
    lines.push('', 'benign confounder groups (accounts reported):');
    for (const group of report.confounders) lines.push(`  ${group.group.padEnd(20)} ${group.reported}/${group.accounts} (${percent(group.share)})`);
  }
  return `${lines.join('\n')}\n`;
}

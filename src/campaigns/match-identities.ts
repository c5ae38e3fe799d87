// Keeps campaign identity stable across refreshes: a campaign found again keeps its id, matched
// by member overlap with the previous refresh's campaigns, and every change is named: new, grew,
// shrank, stable, split (one previous campaign became several) or merged (several became one).
import { createHash } from 'node:crypto';
import { withDefaults } from '../shared/options.js';

export type CampaignChange = 'new' | 'grew' | 'shrank' | 'stable' | 'split' | 'merged';

export interface PreviousCampaign {
  campaignId: string;
  members: string[];
  history: HistoryEntry[];
  firstSeenRunId: string;
}

export interface HistoryEntry {
  run_id: string;
  at: string;
  change: CampaignChange;
  size: number;
  score: number;
  /** Campaign ids this change relates to (split from / merged from). */
  related: string[];
}

export interface IdentityOptions {
  /** Share of either side's members that makes two campaigns the same lineage. */
  minOverlapShare: number;
  /** Relative size change below which a campaign counts as stable. */
  stableTolerance: number;
}

export const DEFAULTS: IdentityOptions = { minOverlapShare: 0.3, stableTolerance: 0.1 };

export interface IdentityAssignment {
  campaignId: string;
  change: CampaignChange;
  related: string[];
  previousSize: number | null;
  firstSeenRunId: string;
  history: HistoryEntry[];
}

export interface IdentityResult {
  assignments: IdentityAssignment[];
  dissolved: string[];
}

export function newCampaignId(runId: string, members: readonly string[]): string {
  const smallest = members.reduce((least, member) => (member < least ? member : least), members[0] ?? '');
  return `cmp-${createHash('sha256').update(`${runId}\u0000${smallest}`).digest('hex').slice(0, 12)}`;
}

/**
 * Assigns ids to this run's campaigns (given as member lists, in a stable order) from the
 * previous run's campaigns.
 */
export function matchIdentities(
  runId: string,
  current: ReadonlyArray<{ members: readonly string[]; score: number }>,
  previous: readonly PreviousCampaign[],
  at: string,
  options: Partial<IdentityOptions> = {},
): IdentityResult {
  const settings = withDefaults(DEFAULTS, options);
  const previousOf = new Map<string, number>();
  previous.forEach((campaign, index) => campaign.members.forEach((member) => previousOf.set(member, index)));

  // overlaps[new] = Map<previous index, shared members>
  const overlaps = current.map(({ members }) => {
    const counts = new Map<number, number>();
    for (const member of members) {
      const index = previousOf.get(member);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    return counts;
  });
  const significant = (newIndex: number, previousIndex: number, shared: number) =>
    shared / Math.max(1, (current[newIndex] as { members: readonly string[] }).members.length) >= settings.minOverlapShare ||
    shared / Math.max(1, (previous[previousIndex] as PreviousCampaign).members.length) >= settings.minOverlapShare;

  const sourcesOf: Array<Array<{ index: number; shared: number }>> = overlaps.map((counts, newIndex) =>
    [...counts.entries()]
      .filter(([index, shared]) => significant(newIndex, index, shared))
      .map(([index, shared]) => ({ index, shared }))
      .sort((a, b) => b.shared - a.shared || a.index - b.index),
  );
  const targetsOf: Array<Array<{ index: number; shared: number }>> = previous.map(() => []);
  sourcesOf.forEach((sources, newIndex) => sources.forEach(({ index, shared }) => (targetsOf[index] as Array<{ index: number; shared: number }>).push({ index: newIndex, shared })));
  for (const targets of targetsOf) targets.sort((a, b) => b.shared - a.shared || a.index - b.index);

  const claimed = new Set<number>();
  const assignments = current.map(({ members, score }, newIndex): IdentityAssignment => {
    const sources = sourcesOf[newIndex] as Array<{ index: number; shared: number }>;
    // The previous campaign this one continues: its largest source whose own largest target is this one.
    const heir = sources.find(({ index }) => (targetsOf[index] as Array<{ index: number }>)[0]?.index === newIndex && !claimed.has(index));
    let campaignId: string;
    let change: CampaignChange;
    let related: string[] = [];
    let previousSize: number | null = null;
    let history: HistoryEntry[] = [];
    let firstSeenRunId = runId;
    if (heir) {
      claimed.add(heir.index);
      const source = previous[heir.index] as PreviousCampaign;
      campaignId = source.campaignId;
      previousSize = source.members.length;
      history = source.history;
      firstSeenRunId = source.firstSeenRunId;
      const otherSources = sources.filter(({ index }) => index !== heir.index);
      const siblings = (targetsOf[heir.index] as Array<{ index: number }>).length > 1;
      if (otherSources.length > 0) {
        change = 'merged';
        related = otherSources.map(({ index }) => (previous[index] as PreviousCampaign).campaignId);
      } else if (siblings) {
        change = 'split';
      } else {
        const ratio = members.length / Math.max(1, previousSize);
        change = ratio > 1 + settings.stableTolerance ? 'grew' : ratio < 1 - settings.stableTolerance ? 'shrank' : 'stable';
      }
    } else if (sources.length > 0) {
      // A piece split off a campaign that another piece continues.
      campaignId = newCampaignId(runId, members);
      change = 'split';
      related = sources.map(({ index }) => (previous[index] as PreviousCampaign).campaignId);
    } else {
      campaignId = newCampaignId(runId, members);
      change = 'new';
    }
    const entry: HistoryEntry = { run_id: runId, at, change, size: members.length, score, related };
    return { campaignId, change, related, previousSize, firstSeenRunId, history: [...history, entry] };
  });
  // Split siblings name each other's lineage: the continuing piece lists the new pieces.
  assignments.forEach((assignment) => {
    if (assignment.change === 'split' && assignment.related.length === 0) {
      const siblings = assignments.filter((other) => other !== assignment && other.change === 'split' && other.related.includes(assignment.campaignId)).map((other) => other.campaignId);
      assignment.related = siblings;
      const last = assignment.history[assignment.history.length - 1];
      if (last) last.related = siblings;
    }
  });
  const dissolved = previous.filter((_campaign, index) => (targetsOf[index] as unknown[]).length === 0).map((campaign) => campaign.campaignId);
  return { assignments, dissolved };
}

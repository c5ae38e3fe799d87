// The refresh's I/O edge for analysts' verdicts (the rules are src/campaigns/apply-verdicts.ts):
// after identity matching it reads the standing verdicts, applies them, and narrows this run's
// campaigns to the members it will write (not_involved accounts left out, sizes and changes
// measured on what is kept); at promotion it writes the automatic verdicts and the alerts in the
// same transaction, so a failed refresh leaves neither.
import { createHash, randomUUID } from 'node:crypto';
import { applyVerdicts, type AlertDraft, type AutomaticVerdict, type CampaignVerdict, type StandingVerdict, type VerdictOptions, type VerdictState } from '../campaigns/apply-verdicts.js';
import type { ClearedAccount } from '../campaigns/down-weight-cleared-ties.js';
import type { IdentityResult, PreviousCampaign } from '../campaigns/match-identities.js';
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore, TransactionRunner } from '../graph-store/neo4j-adapter.js';

const ALERT_WRITE_BATCH = 5000;

export interface VerdictEffects {
  runId: string;
  verdicts: AutomaticVerdict[];
  alerts: AlertDraft[];
  counts: { automaticVerdicts: number; alerts: number; leftOutAccounts: number; standing: Record<CampaignVerdict, number> };
}

export async function readVerdictState(store: GraphStore): Promise<VerdictState> {
  const [verdicts, notInvolved] = await Promise.all([
    store.read<{ campaign_id: string; verdict_id: string; verdict: CampaignVerdict; size_at_verdict: number | null; evidence_at_verdict: string[] | null }>(cypher('read-current-verdicts')),
    store.read<{ campaign_id: string; account_ids: string[] }>(cypher('read-not-involved-accounts')),
  ]);
  return {
    campaigns: new Map(
      verdicts.map((row): [string, StandingVerdict] => [
        row.campaign_id,
        { verdictId: row.verdict_id, verdict: row.verdict, sizeAtVerdict: row.size_at_verdict, evidenceAtVerdict: row.evidence_at_verdict ?? null },
      ]),
    ),
    notInvolved: new Map(notInvolved.map((row) => [row.campaign_id, new Set(row.account_ids)])),
  };
}

export interface SettleVerdictsInput {
  runId: string;
  identities: IdentityResult;
  previous: readonly PreviousCampaign[];
  /** This run's campaigns (account indexes), in the order of identities.assignments; narrowed in place. */
  campaigns: ReadonlyArray<{ members: number[] }>;
  /** Their sorted account ids, same order; narrowed in place. */
  memberIds: string[][];
  accountIdOf: (member: number) => string;
  /** Per campaign, same order: its shared evidence keys in this run (src/campaigns/shared-evidence.ts). */
  sharedEvidence?: ReadonlyArray<readonly string[]>;
  /** The verdicts read before the run's Louvain (to down-weight cleared ties); read here when absent. */
  state?: VerdictState;
  options?: Partial<VerdictOptions> | undefined;
}

/** The ties a refresh would down-weight now: not_involved accounts of the current result's campaigns (for export-graph). */
export async function readClearedAccounts(store: GraphStore): Promise<ClearedAccount[]> {
  const [state, rows] = await Promise.all([readVerdictState(store), store.read<{ campaign_id: string; members: string[] }>(cypher('read-current-campaign-members'))]);
  return clearedAccounts(
    state,
    rows.map((row) => ({ campaignId: row.campaign_id, members: row.members, history: [], firstSeenRunId: '' })),
  );
}

/** Every account marked not_involved in a campaign of the previous result, with that campaign's members: the ties to down-weight. */
export function clearedAccounts(state: VerdictState, previous: readonly PreviousCampaign[]): ClearedAccount[] {
  const cleared: ClearedAccount[] = [];
  for (const campaign of previous) {
    for (const accountId of state.notInvolved.get(campaign.campaignId) ?? []) cleared.push({ accountId, campaignId: campaign.campaignId, campaignMembers: campaign.members });
  }
  return cleared;
}

/**
 * Applies the standing verdicts to this run's campaigns. Changes its input in place, so the
 * refresh writes what the verdicts leave: each campaign's members (account indexes and ids) lose
 * their not_involved accounts, and each identity's change and latest history entry are measured
 * on the members kept.
 */
export async function settleVerdicts(store: GraphStore, input: SettleVerdictsInput): Promise<VerdictEffects> {
  const state = input.state ?? (await readVerdictState(store));
  const { assignments } = input.identities;
  const outcome = applyVerdicts(
    assignments.map((assignment, index) => ({
      campaignId: assignment.campaignId,
      change: assignment.change,
      related: assignment.related,
      previousSize: assignment.previousSize,
      members: input.memberIds[index] ?? [],
      sharedEvidence: input.sharedEvidence?.[index] ?? [],
    })),
    input.previous,
    state,
    input.options,
  );
  let leftOutAccounts = 0;
  assignments.forEach((assignment, index) => {
    const leftOut = new Set(outcome.leftOut[index]);
    if (leftOut.size > 0) {
      leftOutAccounts += leftOut.size;
      const campaign = input.campaigns[index] as { members: number[] };
      campaign.members = campaign.members.filter((member) => !leftOut.has(input.accountIdOf(member)));
      input.memberIds[index] = outcome.members[index] as string[];
    }
    assignment.change = outcome.changes[index] ?? assignment.change;
    const latest = assignment.history[assignment.history.length - 1];
    if (latest) {
      latest.change = assignment.change;
      latest.size = (outcome.members[index] as string[]).length;
    }
  });
  const standing: Record<CampaignVerdict, number> = { confirmed: 0, dismissed: 0, under_review: 0 };
  for (const verdict of outcome.standing) if (verdict) standing[verdict] += 1;
  return {
    runId: input.runId,
    verdicts: outcome.verdicts,
    alerts: outcome.alerts,
    counts: { automaticVerdicts: outcome.verdicts.length, alerts: outcome.alerts.length, leftOutAccounts, standing },
  };
}

/** Stable per run, kind, campaign and account: the same alert is never raised twice by one run. */
export function alertId(runId: string, alert: Pick<AlertDraft, 'kind' | 'campaignId' | 'accountId'>): string {
  return `alt-${createHash('sha256')
    .update([runId, alert.kind, alert.campaignId, alert.accountId ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 20)}`;
}

/** Writes the run's automatic verdicts and alerts; runs inside the promotion transaction. */
export async function writeVerdictEffects(transaction: TransactionRunner, effects: VerdictEffects): Promise<void> {
  const { runId } = effects;
  if (effects.verdicts.length > 0) {
    await transaction.run(cypher('create-automatic-verdicts'), {
      runId,
      verdicts: effects.verdicts.map((verdict) => ({
        verdict_id: `vrd-${randomUUID()}`,
        scope: verdict.scope,
        campaign_id: verdict.campaignId,
        account_id: verdict.accountId,
        verdict: verdict.verdict,
        reason: verdict.reason,
        note: verdict.note,
        based_on: verdict.basedOn,
        size_at_verdict: verdict.sizeAtVerdict,
        evidence_at_verdict: verdict.evidenceAtVerdict,
      })),
    });
  }
  const rows = effects.alerts.map((alert) => ({
    alert_id: alertId(runId, alert),
    kind: alert.kind,
    campaign_id: alert.campaignId,
    account_id: alert.accountId,
    detail: alert.detail,
    size: alert.size,
    previous_size: alert.previousSize,
  }));
  for (let offset = 0; offset < rows.length; offset += ALERT_WRITE_BATCH) {
    await transaction.run(cypher('create-alerts'), { runId, alerts: rows.slice(offset, offset + ALERT_WRITE_BATCH) });
  }
}

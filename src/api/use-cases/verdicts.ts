// Analysts' verdicts over the API: recording a verdict on a campaign or on one account in a
// campaign (who: the key's name; when: the database's clock; why: the note), a campaign's verdict
// history, and the version of the verdicts the API's cache is keyed by. Verdicts live on the
// stable campaign_id, apart from the refresh's snapshots, so they survive refreshes; what they do
// at the next refresh is src/campaigns/apply-verdicts.ts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AccountVerdict, AutomaticReason, CampaignVerdict } from '../../campaigns/apply-verdicts.js';
import { cypher } from '../../graph-store/cypher-files.js';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { notFound } from '../problem.js';
import type { CurrentVerdict, VerdictEntry } from '../schemas.js';

type VerdictProperties = {
  verdict_id: string;
  campaign_id: string;
  account_id?: string | null;
  verdict: CampaignVerdict | AccountVerdict;
  note: string;
  by: string;
  at: string;
  automatic: boolean;
  reason?: AutomaticReason | null;
  run_id?: string | null;
  size_at_verdict?: number | null;
  seq: number;
};

const toEntry = (row: VerdictProperties): VerdictEntry => ({
  id: row.verdict_id,
  campaignId: row.campaign_id,
  accountId: row.account_id ?? null,
  verdict: row.verdict,
  note: row.note,
  by: row.by,
  at: row.at,
  automatic: row.automatic,
  reason: row.reason ?? null,
  runId: row.run_id ?? null,
  sizeAtVerdict: row.size_at_verdict ?? null,
});

const toCurrent = (row: Pick<VerdictProperties, 'verdict' | 'by' | 'at' | 'note' | 'automatic'>): CurrentVerdict => ({
  verdict: row.verdict as CampaignVerdict,
  by: row.by,
  at: row.at,
  note: row.note,
  automatic: row.automatic,
});

const newVerdictId = () => `vrd-${randomUUID()}`;

export interface RecordedVerdict extends VerdictEntry {
  clearedAlerts: number;
}

export async function recordCampaignVerdict(store: GraphStore, input: { campaignId: string; verdict: CampaignVerdict; note: string; by: string }): Promise<RecordedVerdict> {
  const [row] = await store.write<{ verdict: VerdictProperties; cleared: number }>(cypher('create-campaign-verdict'), {
    verdictId: newVerdictId(),
    campaignId: input.campaignId,
    verdict: input.verdict,
    note: input.note,
    by: input.by,
  });
  if (!row) throw notFound('Campaign', `no campaign with id "${input.campaignId}"`);
  return { ...toEntry(row.verdict), clearedAlerts: row.cleared };
}

export async function recordAccountVerdict(store: GraphStore, input: { accountId: string; campaignId: string; verdict: AccountVerdict; note: string; by: string }): Promise<RecordedVerdict> {
  const [row] = await store.write<{ verdict: VerdictProperties; cleared: number }>(cypher('create-account-verdict'), {
    verdictId: newVerdictId(),
    accountId: input.accountId,
    campaignId: input.campaignId,
    verdict: input.verdict,
    note: input.note,
    by: input.by,
  });
  if (!row) {
    const [known] = await store.read<{ account_known: boolean; campaign_known: boolean }>(cypher('read-verdict-subjects'), { accountId: input.accountId, campaignId: input.campaignId });
    if (!known?.account_known) throw notFound('Account', `no account with id "${input.accountId}"`);
    throw notFound('Campaign', `no campaign with id "${input.campaignId}"`);
  }
  return { ...toEntry(row.verdict), clearedAlerts: row.cleared };
}

const historyCursor = z.strictObject({ q: z.number().int() });

export async function listCampaignVerdicts(store: GraphStore, campaignId: string, options: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(options.cursor, historyCursor);
  const [row] = await store.read<{ known: boolean; current: VerdictProperties | null; page: VerdictProperties[] }>(cypher('read-campaign-verdicts'), {
    campaignId,
    afterSeq: after?.q ?? null,
    limit: options.limit + 1,
  });
  if (!row?.known) throw notFound('Campaign', `no campaign with id "${campaignId}"`);
  const page = row.page.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    campaignId,
    current: row.current ? toCurrent(row.current) : null,
    items: page.map(toEntry),
    limit: options.limit,
    nextCursor: row.page.length > options.limit && last ? encodeCursor({ q: last.seq }) : null,
  };
}

/**
 * What the API's cached answers depend on: the current run and the verdicts' counter, as one
 * string (null before the first refresh), so a verdict recorded by any API process reaches every
 * process's campaign list and detail within the cache's check interval.
 */
export async function readResultVersion(store: GraphStore): Promise<string | null> {
  const [row] = await store.read<{ run_id: string | null; verdict_version: number }>(cypher('read-current-run-and-verdict-version'));
  if (!row?.run_id) return null;
  return `${row.run_id}#${row.verdict_version}`;
}

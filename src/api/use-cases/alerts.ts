// The alerts feed (GET /api/v1/alerts): what the refreshes raised for an analyst to look at (new
// campaigns, reopened ones, new members of confirmed ones, big growth), newest first. An alert
// stays open until a verdict on its campaign clears it (an account verdict clears the alerts
// about that account); see docs/analyst-workflow.md.
import { z } from 'zod';
import type { AlertKind } from '../../campaigns/apply-verdicts.js';
import { cypher } from '../../graph-store/cypher-files.js';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { Alert, ALERT_STATES } from '../schemas.js';

type AlertRow = {
  alert_id: string;
  created_ms: number;
  kind: AlertKind;
  campaign_id: string;
  account_id: string | null;
  run_id: string;
  created_at: string;
  detail: string;
  size: number;
  previous_size: number | null;
  cleared_at: string | null;
  cleared_by_verdict_id: string | null;
};

const toAlert = (row: AlertRow): Alert => ({
  id: row.alert_id,
  kind: row.kind,
  campaignId: row.campaign_id,
  accountId: row.account_id,
  runId: row.run_id,
  createdAt: row.created_at,
  detail: row.detail,
  size: row.size,
  previousSize: row.previous_size,
  state: row.cleared_at === null ? 'open' : 'cleared',
  clearedAt: row.cleared_at,
  clearedByVerdictId: row.cleared_by_verdict_id,
});

const alertCursor = z.strictObject({ t: z.number(), i: z.string() });

export interface ListAlertsInput {
  kind?: string | undefined;
  state: (typeof ALERT_STATES)[number];
  campaignId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listAlerts(store: GraphStore, input: ListAlertsInput) {
  const after = decodeCursor(input.cursor, alertCursor);
  const [result] = await store.read<{ total: number; page: AlertRow[] }>(cypher('read-alerts'), {
    kinds: input.kind ? input.kind.split(',') : null,
    state: input.state,
    campaignId: input.campaignId ?? null,
    afterMs: after?.t ?? null,
    afterId: after?.i ?? null,
    limit: input.limit + 1,
  });
  const rows = result?.page ?? [];
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return { items: page.map(toAlert), total: result?.total ?? 0, limit: input.limit, nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.created_ms, i: last.alert_id }) : null };
}

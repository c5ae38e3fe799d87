// Reading campaigns for dashboards: the filtered, sorted, paginated list, one campaign's full
// explanation, its ranked subgraph (rendered by campaign-graph.ts) and its members. Queries live
// in cypher/*.cypher; this module turns rows into the response shapes of schemas.ts.
import { z } from 'zod';
import { cypher } from '../../graph-store/cypher-files.js';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { invalidParameters, notFound } from '../problem.js';
import type { CampaignAccountRole, CampaignDetail, CampaignSort, CampaignSummary, CurrentVerdict, Member, SignalFamily } from '../schemas.js';
import { GRAPH_MEMBER_LIMIT, parseRankedGraph, rankCampaignGraph, type LinkKind, type RankedCampaignGraph } from '../../campaigns/campaign-graph.js';
import { memberLinksOfRow, type AccountLinksRow } from './campaign-graph.js';
import { AGGREGATE_DEFAULTS, aggregateCampaignGraph, type AggregatedCampaignGraph } from '../../campaigns/campaign-aggregate.js';

type CampaignRow = {
  campaign_id: string;
  run_id: string;
  score: number;
  size: number;
  status: CampaignSummary['status'];
  first_activity_at: string | null;
  last_activity_at: string | null;
  top_signals: string[] | null;
  first_seen_run_id: string | null;
  /** The campaign's latest verdict (read with the snapshot). */
  verdict: CurrentVerdict | null;
  /** The operation the snapshot is part of (null for snapshots written before operations). */
  operation_id?: string | null;
};

export function toSummary(row: CampaignRow): CampaignSummary {
  return {
    id: row.campaign_id,
    score: row.score,
    size: row.size,
    status: row.status,
    firstActivityAt: row.first_activity_at,
    lastActivityAt: row.last_activity_at,
    topSignals: row.top_signals ?? [],
    runId: row.run_id,
    firstSeenRunId: row.first_seen_run_id,
    verdict: row.verdict ?? null,
    operationId: row.operation_id ?? null,
  };
}

export interface ListCampaignsInput {
  minScore?: number | undefined;
  minSize?: number | undefined;
  status?: string | undefined;
  activeSince?: string | undefined;
  sort: CampaignSort;
  limit: number;
  cursor?: string | undefined;
}

const campaignCursor = z.strictObject({ s: z.string(), k: z.number(), i: z.string() });

export async function listCampaigns(store: GraphStore, input: ListCampaignsInput) {
  const descending = input.sort.startsWith('-');
  const sortField = input.sort.replace(/^-/, '');
  const after = decodeCursor(input.cursor, campaignCursor);
  // A cursor only means something for the order it was made in.
  if (after && after.s !== input.sort) throw invalidParameters([{ name: 'cursor', in: 'query', reason: 'the cursor was made for another sort order' }]);
  const [result] = await store.read<{ total: number; page: Array<CampaignRow & { sort_key: number }> }>(cypher('read-current-campaigns'), {
    minScore: input.minScore ?? null,
    minSize: input.minSize ?? null,
    statuses: input.status ? input.status.split(',') : null,
    activeSinceMs: input.activeSince ? Date.parse(input.activeSince) : null,
    sortField,
    direction: descending ? -1 : 1,
    afterKey: after?.k ?? null,
    afterId: after?.i ?? null,
    limit: input.limit + 1,
  });
  const rows = result?.page ?? [];
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > input.limit && last ? encodeCursor({ s: input.sort, k: last.sort_key, i: last.campaign_id }) : null;
  return { items: page.map(toSummary), total: result?.total ?? 0, limit: input.limit, nextCursor };
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

interface StoredExplanation {
  threshold?: number;
  peripheralAccounts?: number;
  associatedAccounts?: number;
  unlinkedMembers?: number;
  membersFromOtherGroups?: number;
  origin?: CampaignDetail['origin'];
  signals?: CampaignDetail['signals'];
  families?: SignalFamily[];
}

/** The stored signal as the API describes it (snapshots of older versions lack family, background, surprise). */
const toSignal = (signal: CampaignDetail['signals'][number]): CampaignDetail['signals'][number] => ({
  name: signal.name,
  ...(signal.family === undefined ? {} : { family: signal.family }),
  value: signal.value,
  ...(signal.background === undefined ? {} : { background: signal.background }),
  ...(signal.surprise === undefined ? {} : { surprise: signal.surprise }),
  strength: signal.strength,
  weight: signal.weight,
  contribution: signal.contribution,
  description: signal.description,
  ...(signal.available === undefined ? {} : { available: signal.available }),
});
interface StoredHistoryEntry {
  run_id: string;
  at: string;
  change: CampaignDetail['status'];
  size: number;
  score: number;
  related?: string[];
}

export async function getCampaign(store: GraphStore, campaignId: string): Promise<CampaignDetail> {
  const [row] = await store.read<CampaignRow & { explanation_json: string | null; evidence_json: string | null; history_json: string | null; peripheral_accounts: number | null; current: boolean }>(
    cypher('read-campaign'),
    { campaignId },
  );
  if (!row) throw notFound('Campaign', `no campaign with id "${campaignId}"`);
  const explanation = parseJson<StoredExplanation>(row.explanation_json, {});
  const signals = [...(explanation.signals ?? [])].sort((left, right) => right.contribution - left.contribution || left.name.localeCompare(right.name)).map(toSignal);
  return {
    ...toSummary(row),
    current: row.current,
    threshold: explanation.threshold ?? null,
    peripheralAccounts: row.peripheral_accounts ?? explanation.peripheralAccounts ?? null,
    associatedAccounts: explanation.associatedAccounts ?? null,
    unlinkedMembers: explanation.unlinkedMembers ?? null,
    membersFromOtherGroups: explanation.membersFromOtherGroups ?? null,
    origin: explanation.origin ?? null,
    families: (explanation.families ?? []).map((family) => ({ family: family.family, cap: family.cap, contribution: family.contribution })),
    signals,
    evidence: parseJson<CampaignDetail['evidence']>(row.evidence_json, []),
    history: parseJson<StoredHistoryEntry[]>(row.history_json, []).map((entry) => ({
      runId: entry.run_id,
      at: entry.at,
      change: entry.change,
      size: entry.size,
      score: entry.score,
      related: entry.related ?? [],
    })),
  };
}

/** 404 unless the campaign is in the current result (graph and members only exist for those). */
async function requireCurrentCampaign(store: GraphStore, campaignId: string): Promise<CampaignDetail> {
  const campaign = await getCampaign(store, campaignId);
  if (!campaign.current) throw notFound('Campaign', `campaign "${campaignId}" is not in the current result (see its history)`);
  return campaign;
}

/**
 * A current campaign's ranked subgraph: the one the refresh stored on the snapshot, or, for a
 * snapshot written before graphs were stored, built from its members' links now (bounded to the
 * most active GRAPH_MEMBER_LIMIT members). `bytes` estimates the memory it holds, for caching.
 */
export async function loadRankedCampaignGraph(store: GraphStore, campaignId: string): Promise<{ graph: RankedCampaignGraph; bytes: number; stored: boolean }> {
  const [row] = await store.read<{ graph_json: string | null }>(cypher('read-campaign-graph-snapshot'), { campaignId });
  if (!row) {
    await requireCurrentCampaign(store, campaignId);
    throw notFound('Campaign', `campaign "${campaignId}" is not in the current result`);
  }
  let graph = parseRankedGraph(row.graph_json);
  const stored = graph !== undefined;
  if (!graph) {
    const rows = await store.read<AccountLinksRow & { members_total: number }>(cypher('read-campaign-graph'), { campaignId, memberLimit: GRAPH_MEMBER_LIMIT });
    graph = rankCampaignGraph(rows.map(memberLinksOfRow), rows[0]?.members_total ?? 0);
  }
  return { graph, bytes: 256 + graph.nodes.length * 160 + graph.edges.length * 48, stored };
}

type EvidenceHubsRow = {
  members: Array<{ account_id: string; event_count: number | null; country: string | null; plan: string | null }>;
  hubs: Array<{ kind: LinkKind; key: string; detail: string | null; accounts_in_all: number; member_ids: string[] }>;
  /** Shared entities two or more members tie to; hubs holds the hubLimit most used. */
  hubs_total: number;
};

/**
 * A current campaign's aggregated graph (src/campaigns/campaign-aggregate.ts): every member and
 * the campaign's shared evidence with the members tied to each entity, read in one query.
 * `bytes` estimates the memory it holds, for caching.
 */
export async function loadAggregatedCampaignGraph(store: GraphStore, campaignId: string): Promise<{ aggregate: AggregatedCampaignGraph; bytes: number }> {
  const [row] = await store.read<EvidenceHubsRow>(cypher('read-campaign-evidence-hubs'), { campaignId, hubLimit: AGGREGATE_DEFAULTS.hubLimit });
  if (!row) {
    await requireCurrentCampaign(store, campaignId);
    throw notFound('Campaign', `campaign "${campaignId}" is not in the current result`);
  }
  const drawn = aggregateCampaignGraph(
    row.members.map((member) => ({ accountId: member.account_id, eventCount: member.event_count ?? 0, country: member.country, plan: member.plan })),
    row.hubs.map((hub) => ({ kind: hub.kind, key: hub.key, detail: hub.detail, accountsInAll: hub.accounts_in_all, memberIds: hub.member_ids })),
  );
  // The query hands over the most used hubs only (ranked as the aggregation ranks them) and counts the rest.
  const aggregate = { ...drawn, hubsTotal: Math.max(drawn.hubsTotal, row.hubs_total) };
  const ties = aggregate.groups.reduce((sum, group) => sum + group.accounts.reduce((inner, account) => inner + account.hubs.length, 0), 0);
  return { aggregate, bytes: 512 + aggregate.members * 160 + ties * 48 + aggregate.hubs.length * 200 };
}

type MemberRow = {
  account_id: string;
  membership_score: number | null;
  created_at: string | null;
  email_domain: string | null;
  country: string | null;
  plan: string | null;
  org_id: string | null;
  event_count: number | null;
  first_event_at: string | null;
  last_event_at: string | null;
};

type RankedMemberRow = MemberRow & { rank_score: number; ties: string[] };

const toMember = (row: RankedMemberRow): Member => ({
  accountId: row.account_id,
  membershipScore: row.membership_score,
  ties: row.ties,
  createdAt: row.created_at,
  emailDomain: row.email_domain,
  country: row.country,
  plan: row.plan,
  orgId: row.org_id,
  eventCount: row.event_count,
  firstEventAt: row.first_event_at,
  lastEventAt: row.last_event_at,
});

/** Reported members are MEMBER_OF their campaign; associated accounts ASSOCIATED_WITH it. */
const RELATIONSHIP_OF_ROLE: Record<CampaignAccountRole, string> = { member: 'MEMBER_OF', associated: 'ASSOCIATED_WITH' };

const memberCursor = z.strictObject({ r: z.enum(['member', 'associated']), k: z.number(), a: z.string() });

/**
 * One page of a current campaign's members (or, for `associated`, of the accounts in its
 * community only through busy shared entities), highest own score first, ties by account id.
 */
export async function listCampaignMembers(store: GraphStore, campaignId: string, options: { limit: number; cursor?: string | undefined; role?: CampaignAccountRole | undefined }) {
  const role = options.role ?? 'member';
  const after = decodeCursor(options.cursor, memberCursor);
  // A cursor only means something for the list it was made in.
  if (after && after.r !== role) throw invalidParameters([{ name: 'cursor', in: 'query', reason: 'the cursor was made for another role' }]);
  const campaign = await requireCurrentCampaign(store, campaignId);
  const rows = await store.read<RankedMemberRow>(cypher('read-campaign-members'), {
    campaignId,
    relationship: RELATIONSHIP_OF_ROLE[role],
    afterScore: after?.k ?? null,
    afterId: after?.a ?? null,
    limit: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    campaignId,
    role,
    // The refresh writes one ASSOCIATED_WITH per associated account it counted in the explanation.
    total: role === 'member' ? campaign.size : (campaign.associatedAccounts ?? 0),
    limit: options.limit,
    items: page.map(toMember),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ r: role, k: last.rank_score, a: last.account_id }) : null,
  };
}

/** Streams every member row (or associated account), highest own score first; the caller has already checked the campaign exists. */
export async function streamCampaignMembers(store: GraphStore, campaignId: string, onRow: (row: MemberRow) => void, role: CampaignAccountRole = 'member'): Promise<number> {
  return store.stream<MemberRow>(cypher('read-all-campaign-members'), { campaignId, relationship: RELATIONSHIP_OF_ROLE[role] }, onRow);
}

export { requireCurrentCampaign };
export type { CampaignRow, MemberRow };

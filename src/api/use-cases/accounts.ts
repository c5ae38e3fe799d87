// An account as an investigator sees it: profile, activity summary, current campaign and its
// strongest links to other accounts with the shared evidence behind each link. The links query is
// bounded for any account; the API also caches answers per account data version
// (readAccountDataVersion: the current run and the committed ingest chunks), since ingest and
// refreshes are what change an account page.
import { cypher } from '../../graph-store/cypher-files.js';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { DEFAULTS as PROJECTION_DEFAULTS } from '../../linkage/project-linkage-graph.js';
import { notFound } from '../problem.js';
import { LINK_ENTITY_LIMIT, MAX_SHARED_BY, NEIGHBOURS_PER_ENTITY } from '../account-link-limits.js';
import type { AccountDetail, AccountLink } from '../schemas.js';

type AccountRow = {
  account_id: string;
  created_at: string | null;
  email_domain: string | null;
  country: string | null;
  plan: string | null;
  org_id: string | null;
  event_count: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  first_event_at: string | null;
  last_event_at: string | null;
  active_days: number;
  extraction_events: number | null;
  hour_histogram: number[] | null;
  ip_addresses: number;
  payment_methods: number;
  prompt_fingerprints: number;
  campaign_id: string | null;
  campaign_score: number | null;
  campaign_size: number | null;
  campaign_status: NonNullable<AccountDetail['campaign']>['status'];
  membership_score: number | null;
};

type LinkRow = {
  account_id: string;
  strength: number;
  campaign_id: string | null;
  shared: Array<{ kind: 'ip' | 'payment' | 'prompt'; key: string; shared_by: number; payment_kind: string | null; bin: string | null; intent: string | null; contribution: number }>;
};

const EVIDENCE_PER_LINK = 5;

function evidenceLabel(item: LinkRow['shared'][number]): string {
  if (item.kind === 'payment') return [item.payment_kind ?? 'payment method', item.bin ? `BIN ${item.bin}` : null].filter(Boolean).join(' ');
  if (item.kind === 'prompt') return `${item.intent ?? 'prompt'} fingerprint ${item.key.slice(0, 12)}`;
  return item.key;
}

function toLink(row: LinkRow): AccountLink {
  const shared = { ip: 0, payment: 0, prompt: 0 };
  for (const item of row.shared) shared[item.kind] += 1;
  const evidence = [...row.shared]
    .sort((left, right) => right.contribution - left.contribution || (left.key < right.key ? -1 : 1))
    .slice(0, EVIDENCE_PER_LINK)
    .map((item) => ({ kind: item.kind, key: item.key, label: evidenceLabel(item), sharedBy: item.shared_by }));
  return { accountId: row.account_id, strength: Math.round(row.strength * 1e6) / 1e6, campaignId: row.campaign_id, shared, evidence };
}

/** Budget of the API's account page cache: a prepared page is a few kB, so thousands of them. */
export const ACCOUNT_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * What every account page depends on, as one string: the current refresh run and the number of
 * committed ingest chunks (a load commits each chunk's rows with its marker). Any refresh or
 * ingest changes it, so cached account pages are dropped within the cache's check interval.
 */
export async function readAccountDataVersion(store: GraphStore): Promise<string> {
  const [row] = await store.read<{ run_id: string | null; chunks: number }>(cypher('read-account-data-version'));
  return `${row?.run_id ?? ''}#${row?.chunks ?? 0}`;
}

export async function getAccount(store: GraphStore, accountId: string, options: { links: number }): Promise<AccountDetail> {
  const { ip, payment, prompt } = PROJECTION_DEFAULTS.kindWeights;
  // Both reads at once: one round trip of waiting instead of two.
  const [[row], links] = await Promise.all([
    store.read<AccountRow>(cypher('read-account'), { accountId }),
    options.links === 0
      ? Promise.resolve([])
      : store.read<LinkRow>(cypher('read-account-links'), {
          accountId,
          weights: { ip, payment, prompt },
          maxSharedBy: MAX_SHARED_BY,
          entityLimit: LINK_ENTITY_LIMIT,
          neighboursPerEntity: NEIGHBOURS_PER_ENTITY,
          limit: options.links,
        }),
  ]);
  if (!row) throw notFound('Account', `no account with id "${accountId}"`);
  return {
    accountId: row.account_id,
    createdAt: row.created_at,
    emailDomain: row.email_domain,
    country: row.country,
    plan: row.plan,
    orgId: row.org_id,
    campaign:
      row.campaign_id === null ? null : { id: row.campaign_id, score: row.campaign_score ?? 0, size: row.campaign_size ?? 0, status: row.campaign_status, membershipScore: row.membership_score },
    activity: {
      eventCount: row.event_count ?? 0,
      inputTokens: row.input_tokens ?? 0,
      outputTokens: row.output_tokens ?? 0,
      firstEventAt: row.first_event_at,
      lastEventAt: row.last_event_at,
      activeDays: row.active_days,
      extractionEvents: row.extraction_events ?? 0,
      hourHistogram: row.hour_histogram ?? [],
      ipAddresses: row.ip_addresses,
      paymentMethods: row.payment_methods,
      promptFingerprints: row.prompt_fingerprints,
    },
    links: links.map(toLink),
  };
}

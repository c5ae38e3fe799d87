// I/O edge of the linkage stage: streams accounts and their shared entities out of Neo4j into
// a LinkageData (a few passes, one per relationship type, never the whole graph at once).
import { networkOf } from '../contract/rows.js';
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { LinkageDataBuilder, type LinkageData } from './linkage-data.js';

type Nullable<T> = T | null;

export interface ReadCounts {
  accounts: number;
  ipUsage: number;
  paymentLinks: number;
  promptUsage: number;
}

export async function readLinkageData(store: GraphStore): Promise<{ data: LinkageData; counts: ReadCounts }> {
  const builder = new LinkageDataBuilder();
  const accounts = await store.stream<{
    account_id: string;
    created_at: Nullable<number>;
    first_event_at: Nullable<number>;
    last_event_at: Nullable<number>;
    event_count: Nullable<number>;
    input_tokens: Nullable<number>;
    output_tokens: Nullable<number>;
    extraction_events: Nullable<number>;
    hour_histogram: Nullable<number[]>;
    active_days: Nullable<number[]>;
    org_id: Nullable<string>;
    plan: Nullable<string>;
    country: Nullable<string>;
  }>(cypher('read-account-facts'), {}, (row) =>
    builder.addAccount({
      accountId: row.account_id,
      createdAt: row.created_at,
      firstEventAt: row.first_event_at,
      lastEventAt: row.last_event_at,
      eventCount: row.event_count ?? 0,
      inputTokens: row.input_tokens ?? 0,
      outputTokens: row.output_tokens ?? 0,
      extractionEvents: row.extraction_events ?? 0,
      hourHistogram: row.hour_histogram ?? [],
      activeDays: row.active_days ?? [],
      orgId: row.org_id,
      plan: row.plan,
      country: row.country,
    }),
  );
  const ipUsage = await store.stream<{ account_id: string; address: string; network: Nullable<string>; events: Nullable<number> }>(cypher('read-ip-usage'), {}, (row) => {
    const events = row.events ?? 1;
    builder.addUsage('ip', row.address, row.account_id, events);
    builder.addUsage('network', row.network ?? networkOf(row.address), row.account_id, events);
  });
  const paymentLinks = await store.stream<{ account_id: string; payment_fingerprint: string; kind: Nullable<string>; bin: Nullable<string> }>(cypher('read-payment-links'), {}, (row) =>
    builder.addUsage('payment', row.payment_fingerprint, row.account_id, 1, `${row.kind ?? ''}|${row.bin ?? ''}`),
  );
  const promptUsage = await store.stream<{ account_id: string; fingerprint: string; intent: Nullable<string>; events: Nullable<number> }>(cypher('read-prompt-usage'), {}, (row) =>
    builder.addUsage('prompt', row.fingerprint, row.account_id, row.events ?? 1, row.intent),
  );
  return { data: builder.build(), counts: { accounts, ipUsage, paymentLinks, promptUsage } };
}

// I/O edge of the linkage stage: streams accounts and their shared entities out of Neo4j into
// a LinkageData (a few passes, one per relationship type, never the whole graph at once).
// Accounts come first: usage rows refer to accounts by index.
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
  // The usage reads run side by side: Neo4j answers one while Node decodes another. Private
  // addresses (one account each, kept on the IP node: merge-ip-ownership.cypher) are read apart
  // and become the same one-member address entities, and count in their networks, as a USED_IP
  // relationship would.
  let ipUsage = 0;
  let paymentLinks = 0;
  let promptUsage = 0;
  await Promise.all([
    store.stream<{ account_id: string; addresses: string[]; networks: Array<Nullable<string>>; events: Array<Nullable<number>> }>(cypher('read-ip-usage'), {}, (row) => {
      row.addresses.forEach((address, index) => {
        const events = row.events[index] ?? 1;
        builder.addAddressUsage(address, row.networks[index] ?? networkOf(address), row.account_id, events);
      });
      ipUsage += row.addresses.length;
    }),
    store.stream<{ account_id: string; address: string; network: Nullable<string>; events: Nullable<number> }>(cypher('read-private-ip-usage'), {}, (row) => {
      const events = row.events ?? 1;
      builder.addAddressUsage(row.address, row.network ?? networkOf(row.address), row.account_id, events);
      ipUsage += 1;
    }),
    store.stream<{ account_id: string; payment_fingerprints: string[]; kinds: Array<Nullable<string>>; bins: Array<Nullable<string>> }>(cypher('read-payment-links'), {}, (row) => {
      row.payment_fingerprints.forEach((fingerprint, index) => builder.addUsage('payment', fingerprint, row.account_id, 1, `${row.kinds[index] ?? ''}|${row.bins[index] ?? ''}`));
      paymentLinks += row.payment_fingerprints.length;
    }),
    store.stream<{ account_id: string; fingerprints: string[]; intents: Array<Nullable<string>>; events: Array<Nullable<number>> }>(cypher('read-prompt-usage'), {}, (row) => {
      row.fingerprints.forEach((fingerprint, index) => builder.addUsage('prompt', fingerprint, row.account_id, row.events[index] ?? 1, row.intents[index] ?? null));
      promptUsage += row.fingerprints.length;
    }),
  ]);
  return { data: builder.build(), counts: { accounts, ipUsage, paymentLinks, promptUsage } };
}

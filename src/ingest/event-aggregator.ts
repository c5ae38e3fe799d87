// Pure core of the event load: folds a chunk of validated, fingerprinted events into the
// aggregates the graph keeps (per account, per account-address, per account-fingerprint), so a
// chunk of 50,000 events becomes a few thousand relationship updates instead of 50,000.
import { networkOf, type EventRow } from '../contract/rows.js';

/**
 * What a chunk keeps of an event row: the fields the load uses. The free-text fields (user agent,
 * model) are written nowhere, and a chunk holds its rows while it fills, so every field kept is
 * copied by young-generation collections before the chunk is written.
 */
export type ChunkEvent = Pick<EventRow, 'event_id' | 'account_id' | 'ts' | 'ip' | 'prompt' | 'input_tokens' | 'output_tokens'>;

export interface FingerprintedEvent {
  event: ChunkEvent;
  /** Undefined when the event carried neither a prompt nor a precomputed fingerprint. */
  fingerprint: { fingerprint: string; simhash: string | null; intent: string } | undefined;
}

export interface AccountActivity {
  account_id: string;
  events: number;
  input_tokens: number;
  output_tokens: number;
  first: number;
  last: number;
  hours: number[];
  days: number[];
  extraction_events: number;
}

export interface UsageAggregate {
  account_id: string;
  key: string;
  events: number;
  input_tokens: number;
  output_tokens: number;
  first: number;
  last: number;
}

export interface ChunkAggregates {
  accounts: AccountActivity[];
  ipUsage: UsageAggregate[];
  promptUsage: UsageAggregate[];
  addresses: Array<{ address: string; network: string; version: number }>;
  fingerprints: Array<{ fingerprint: string; simhash: string | null; intent: string }>;
}

/** Usage rows as columns, the shape the usage statements take (merge-ip-usage.cypher). */
export interface UsageColumns {
  accountIds: string[];
  keys: string[];
  /** USAGE_NUMBERS_PER_ROW numbers per row: events, input_tokens, output_tokens, first, last. */
  numbers: number[];
}

export const USAGE_NUMBERS_PER_ROW = 5;

/**
 * Turns usage rows into columns: the driver packs three flat lists far faster than a map per row
 * (no field names repeated, no Integer objects; see FloatColumn in the graph-store adapter).
 */
export function usageColumns(usage: readonly UsageAggregate[]): UsageColumns {
  const accountIds = new Array<string>(usage.length);
  const keys = new Array<string>(usage.length);
  const numbers = new Array<number>(usage.length * USAGE_NUMBERS_PER_ROW);
  usage.forEach((row, index) => {
    accountIds[index] = row.account_id;
    keys[index] = row.key;
    const at = index * USAGE_NUMBERS_PER_ROW;
    numbers[at] = row.events;
    numbers[at + 1] = row.input_tokens;
    numbers[at + 2] = row.output_tokens;
    numbers[at + 3] = row.first;
    numbers[at + 4] = row.last;
  });
  return { accountIds, keys, numbers };
}

/** Account activity rows as columns, the shape merge-account-activity.cypher takes. */
export interface ActivityColumns {
  accountIds: string[];
  /** ACTIVITY_NUMBERS_PER_ROW per row: events, input_tokens, output_tokens, extraction_events, first, last. */
  numbers: number[];
  /** 24 per row: events per UTC hour of day. */
  hours: number[];
  /** Every row's active days, one after another; row k's are days[dayOffsets[k]] up to days[dayOffsets[k + 1]]. */
  days: number[];
  dayOffsets: number[];
}

export const ACTIVITY_NUMBERS_PER_ROW = 6;

/** Turns account activity rows into columns (see usageColumns: the same packing cost, 24 hours per row). */
export function activityColumns(accounts: readonly AccountActivity[]): ActivityColumns {
  const columns: ActivityColumns = { accountIds: [], numbers: [], hours: [], days: [], dayOffsets: [0] };
  for (const account of accounts) {
    columns.accountIds.push(account.account_id);
    columns.numbers.push(account.events, account.input_tokens, account.output_tokens, account.extraction_events, account.first, account.last);
    for (let hour = 0; hour < 24; hour += 1) columns.hours.push(account.hours[hour] ?? 0);
    for (const day of account.days) columns.days.push(day);
    columns.dayOffsets.push(columns.days.length);
  }
  return columns;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const NOT_EXTRACTION = new Set(['other', 'unknown']);

/**
 * An account's activity while a chunk is folded, with its usage by address and by prompt family:
 * one lookup of the account per event instead of one per aggregate, and usage rows that come out
 * grouped by account, so only each account's own keys need sorting.
 */
interface AccountFold {
  activity: AccountActivity;
  daySet: Set<number>;
  ipUsage: Map<string, UsageAggregate>;
  promptUsage: Map<string, UsageAggregate>;
}

function addUsage(usage: Map<string, UsageAggregate>, accountId: string, key: string, event: ChunkEvent): void {
  const existing = usage.get(key);
  const input = event.input_tokens ?? 0;
  const output = event.output_tokens ?? 0;
  if (existing) {
    existing.events += 1;
    existing.input_tokens += input;
    existing.output_tokens += output;
    if (event.ts < existing.first) existing.first = event.ts;
    if (event.ts > existing.last) existing.last = event.ts;
  } else {
    usage.set(key, { account_id: accountId, key, events: 1, input_tokens: input, output_tokens: output, first: event.ts, last: event.ts });
  }
}

/** Appends an account's usage rows ordered by key (keys are distinct, so the order is total). */
function pushByKey(rows: UsageAggregate[], usage: Map<string, UsageAggregate>): void {
  if (usage.size === 1) {
    for (const row of usage.values()) rows.push(row);
    return;
  }
  for (const key of [...usage.keys()].sort()) rows.push(usage.get(key) as UsageAggregate);
}

export function aggregateEvents(events: readonly FingerprintedEvent[]): ChunkAggregates {
  const folds = new Map<string, AccountFold>();
  const addresses = new Map<string, { address: string; network: string; version: number }>();
  const fingerprints = new Map<string, { fingerprint: string; simhash: string | null; intent: string }>();

  for (const { event, fingerprint } of events) {
    let fold = folds.get(event.account_id);
    if (!fold) {
      fold = {
        activity: {
          account_id: event.account_id,
          events: 0,
          input_tokens: 0,
          output_tokens: 0,
          first: event.ts,
          last: event.ts,
          hours: new Array<number>(24).fill(0),
          days: [],
          extraction_events: 0,
        },
        daySet: new Set(),
        ipUsage: new Map(),
        promptUsage: new Map(),
      };
      folds.set(event.account_id, fold);
    }
    const account = fold.activity;
    account.events += 1;
    account.input_tokens += event.input_tokens ?? 0;
    account.output_tokens += event.output_tokens ?? 0;
    if (event.ts < account.first) account.first = event.ts;
    if (event.ts > account.last) account.last = event.ts;
    // Events before 1970 have negative times; % keeps the sign, so fold into 0-23.
    const hourOfDay = ((Math.floor(event.ts / HOUR_MS) % 24) + 24) % 24;
    account.hours[hourOfDay] = (account.hours[hourOfDay] ?? 0) + 1;
    fold.daySet.add(Math.floor(event.ts / DAY_MS));

    addUsage(fold.ipUsage, event.account_id, event.ip, event);
    if (!addresses.has(event.ip)) addresses.set(event.ip, { address: event.ip, network: networkOf(event.ip), version: event.ip.includes(':') ? 6 : 4 });

    if (fingerprint) {
      addUsage(fold.promptUsage, event.account_id, fingerprint.fingerprint, event);
      if (!fingerprints.has(fingerprint.fingerprint)) fingerprints.set(fingerprint.fingerprint, fingerprint);
      if (!NOT_EXTRACTION.has(fingerprint.intent)) account.extraction_events += 1;
    }
  }

  // Every list ordered by its keys, compared as strings (UTF-16 code units), as `<` orders them.
  const accounts: AccountActivity[] = [];
  const ipUsage: UsageAggregate[] = [];
  const promptUsage: UsageAggregate[] = [];
  for (const accountId of [...folds.keys()].sort()) {
    const { activity, daySet, ipUsage: byAddress, promptUsage: byFingerprint } = folds.get(accountId) as AccountFold;
    activity.days = [...daySet].sort((a, b) => a - b);
    accounts.push(activity);
    pushByKey(ipUsage, byAddress);
    pushByKey(promptUsage, byFingerprint);
  }
  return {
    accounts,
    ipUsage,
    promptUsage,
    addresses: [...addresses.keys()].sort().map((address) => addresses.get(address) as ChunkAggregates['addresses'][number]),
    fingerprints: [...fingerprints.keys()].sort().map((key) => fingerprints.get(key) as ChunkAggregates['fingerprints'][number]),
  };
}

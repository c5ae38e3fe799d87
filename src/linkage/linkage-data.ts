// What the linkage refresh reads from the graph, held in compact arrays: accounts with their
// activity facts, and every shared entity (address, network, payment method, prompt
// fingerprint) with the accounts that used it and how much.
import { GrowableArray } from '../shared/growable-array.js';

export type EntityKind = 'ip' | 'network' | 'payment' | 'prompt';
export const ENTITY_KINDS: readonly EntityKind[] = ['ip', 'network', 'payment', 'prompt'];

export interface AccountFacts {
  accountId: string;
  createdAt: number | null;
  firstEventAt: number | null;
  lastEventAt: number | null;
  eventCount: number;
  inputTokens: number;
  outputTokens: number;
  extractionEvents: number;
  hourHistogram: number[];
  activeDays: number[];
  orgId: string | null;
  plan: string | null;
  /** Only shown in campaign graphs; absent when not read. */
  country?: string | null;
}

/**
 * One entity seen on its own: a view into the entity table (members and usage are views of the
 * table's arrays, not copies). For code that reads a few entities; loops over many read the
 * table's arrays directly.
 */
export interface Entity {
  kind: EntityKind;
  key: string;
  /** Account indexes (into LinkageData.accounts), ascending. */
  members: Int32Array;
  /** Events per member, same order; 1 for payment links. */
  usage: Uint32Array;
  /** Intent for prompts, kind and issuer for payment methods. */
  detail: string | null;
}

/**
 * Every entity (shared or used by one account) in compressed rows: entity e's accounts are
 * members[start[e]] up to members[start[e + 1]] (ascending), with their events at the same
 * places in usage. An object and two arrays per entity cost about ten times these flat arrays:
 * at `medium` 103 MB of heap against 17 (190,000 entities, 70 % of them used by one account),
 * and the refresh holds the whole table while it scores.
 */
export interface EntityTable {
  count: number;
  /** Index into ENTITY_KINDS. */
  kinds: Uint8Array;
  keys: string[];
  /** Intent for prompts, kind and issuer for payment methods; one string object per distinct value. */
  details: Array<string | null>;
  start: Int32Array;
  members: Int32Array;
  /** Whole events (counts from the graph) in 4 bytes each: a sum past 2^32 - 1 stays there. */
  usage: Uint32Array;
}

/** The most events the table holds for one account on one entity (the largest 4-byte count). */
export const MAX_EVENTS = 0xffff_ffff;

export const KIND_CODES: Readonly<Record<EntityKind, number>> = { ip: 0, network: 1, payment: 2, prompt: 3 };

export function kindOf(table: EntityTable, entity: number): EntityKind {
  return ENTITY_KINDS[table.kinds[entity] as number] as EntityKind;
}

/** How many accounts used the entity. */
export function accountsOn(table: EntityTable, entity: number): number {
  return (table.start[entity + 1] as number) - (table.start[entity] as number);
}

export function membersOf(table: EntityTable, entity: number): Int32Array {
  return table.members.subarray(table.start[entity], table.start[entity + 1]);
}

export function usageOf(table: EntityTable, entity: number): Uint32Array {
  return table.usage.subarray(table.start[entity], table.start[entity + 1]);
}

/** The events of the member at `position` of the entity's members; 0 for position -1 (an account not on the entity). */
export function usageAt(table: EntityTable, entity: number, position: number): number {
  return position < 0 ? 0 : (table.usage[(table.start[entity] as number) + position] as number);
}

export function entityAt(table: EntityTable, entity: number): Entity {
  return { kind: kindOf(table, entity), key: table.keys[entity] as string, members: membersOf(table, entity), usage: usageOf(table, entity), detail: table.details[entity] ?? null };
}

/** Every entity as a view, in table order (tests and small tables; the views cost an object each). */
export function entityList(table: EntityTable): Entity[] {
  return Array.from({ length: table.count }, (_, entity) => entityAt(table, entity));
}

/** A table of these entities in this order, members as given (hand-built data: tests, small fixtures). */
export function entityTable(entities: ReadonlyArray<{ kind: EntityKind; key: string; members: ArrayLike<number>; usage?: ArrayLike<number>; detail?: string | null }>): EntityTable {
  const start = new Int32Array(entities.length + 1);
  entities.forEach((entity, index) => (start[index + 1] = (start[index] as number) + entity.members.length));
  const members = new Int32Array(start[entities.length] as number);
  const usage = new Uint32Array(members.length);
  entities.forEach((entity, index) => {
    members.set(Array.from(entity.members), start[index]);
    usage.set(Array.from(entity.usage ?? Array.from(entity.members, () => 1)), start[index]);
  });
  return {
    count: entities.length,
    kinds: Uint8Array.from(entities, (entity) => KIND_CODES[entity.kind]),
    keys: entities.map((entity) => entity.key),
    details: entities.map((entity) => entity.detail ?? null),
    start,
    members,
    usage,
  };
}

/** The card issuer (BIN) of a payment entity's detail (`<kind>|<issuer>`); '' when it has none. */
export function paymentIssuer(entity: Pick<Entity, 'detail'>): string {
  return entity.detail?.split('|')[1] ?? '';
}

export interface LinkageData {
  accounts: AccountFacts[];
  entities: EntityTable;
  /** Distinct addresses per account. */
  addressCount: Int32Array;
  /** Distinct /24 or /48 networks per account. */
  networkCount: Int32Array;
}

export class LinkageDataBuilder {
  private readonly accounts: AccountFacts[] = [];
  private readonly accountIndex = new Map<string, number>();
  /** Entity number (arrival order) per key, one map per kind: a `<kind>:<key>` string per entity doubled the keys' memory while reading. */
  private readonly entityIndex: Array<Map<string, number>> = ENTITY_KINDS.map(() => new Map());
  private readonly entityKinds: number[] = [];
  private readonly entityKeys: string[] = [];
  private readonly entityDetails: Array<string | null> = [];
  /** For an address read with addAddressUsage, the network entity its rows also count in; -1 otherwise. */
  private readonly entityNetwork: number[] = [];
  /** One string object per distinct detail: rows bring a fresh copy each. */
  private readonly detailStrings = new Map<string, string>();
  /** One row per usage read: entity, account, events (an account may come several times). */
  private readonly usageEntity = new GrowableArray((length) => new Int32Array(length));
  private readonly usageAccount = new GrowableArray((length) => new Int32Array(length));
  private readonly usageEvents = new GrowableArray((length) => new Uint32Array(length));

  addAccount(facts: AccountFacts): void {
    if (this.accountIndex.has(facts.accountId)) return;
    this.accountIndex.set(facts.accountId, this.accounts.length);
    this.accounts.push(facts);
  }

  addUsage(kind: EntityKind, key: string, accountId: string, events: number, detail: string | null = null): void {
    const account = this.accountIndex.get(accountId);
    if (account === undefined) return;
    this.pushRow(this.entityOf(kind, key, detail), account, events);
  }

  /**
   * One account's use of an address, which counts in the address's network as well: the network
   * rows are made at build from the address rows (a third of all rows at `seed`) instead of
   * being stored beside them. An address belongs to the network its first row names.
   */
  addAddressUsage(address: string, network: string, accountId: string, events: number): void {
    const account = this.accountIndex.get(accountId);
    if (account === undefined) return;
    const entity = this.entityOf('ip', address, null);
    if (this.entityNetwork[entity] === -1) this.entityNetwork[entity] = this.entityOf('network', network, null);
    this.pushRow(entity, account, events);
  }

  private entityOf(kind: EntityKind, key: string, detail: string | null): number {
    const index = this.entityIndex[KIND_CODES[kind]] as Map<string, number>;
    let entity = index.get(key);
    if (entity === undefined) {
      entity = this.entityKinds.length;
      index.set(key, entity);
      this.entityKinds.push(KIND_CODES[kind]);
      this.entityKeys.push(key);
      this.entityNetwork.push(-1);
      let shared = detail === null ? null : this.detailStrings.get(detail);
      if (detail !== null && shared === undefined) {
        shared = detail;
        this.detailStrings.set(detail, detail);
      }
      this.entityDetails.push(shared ?? null);
    }
    return entity;
  }

  private pushRow(entity: number, account: number, events: number): void {
    this.usageEntity.push(entity);
    this.usageAccount.push(account);
    this.usageEvents.push(Math.min(MAX_EVENTS, Math.max(0, Math.round(events))));
  }

  /**
   * Neo4j streams rows in storage order, which depends on how concurrent ingest writes landed;
   * the data is put in one canonical order (accounts by id, entities by kind and key, members by
   * account) so that the same graph and seed always give the same communities. One account
   * several times on one entity folds into one member: networks gather one row per address, and
   * a refresh that reads while a load opens a private address can see its owner's usage both on
   * the node and as a relationship. The rows go straight to their entity's place in the table
   * and are sorted and folded there, so the build holds the raw rows and the table, no copy
   * between.
   */
  build(): LinkageData {
    for (const index of this.entityIndex) index.clear();
    this.detailStrings.clear();
    const byId = this.accounts.map((facts, index) => ({ facts, index }));
    byId.sort((left, right) => (left.facts.accountId < right.facts.accountId ? -1 : left.facts.accountId > right.facts.accountId ? 1 : 0));
    const newIndex = new Int32Array(byId.length);
    byId.forEach((entry, position) => {
      newIndex[entry.index] = position;
    });
    const accounts = byId.map((entry) => entry.facts);

    const entityCount = this.entityKinds.length;
    const order = Array.from({ length: entityCount }, (_, entity) => entity);
    order.sort((left, right) => {
      const byKind = (this.entityKinds[left] as number) - (this.entityKinds[right] as number);
      if (byKind !== 0) return byKind;
      const leftKey = this.entityKeys[left] as string;
      const rightKey = this.entityKeys[right] as string;
      return leftKey < rightKey ? -1 : leftKey > rightKey ? 1 : 0;
    });
    const rank = new Int32Array(entityCount);
    order.forEach((entity, position) => {
      rank[entity] = position;
    });
    // An address's network, by place in the table (-1: none).
    const networkRank = Int32Array.from(this.entityNetwork, (network) => (network === -1 ? -1 : (rank[network] as number)));

    // Rows to their entity's place (counting sort), an address row also to its network's.
    const rows = this.usageEntity.length;
    const start = new Int32Array(entityCount + 1);
    let networkRows = 0;
    for (let row = 0; row < rows; row += 1) {
      const entity = this.usageEntity.at(row);
      const position = rank[entity] as number;
      start[position + 1] = (start[position + 1] as number) + 1;
      const network = networkRank[entity] as number;
      if (network !== -1) {
        start[network + 1] = (start[network + 1] as number) + 1;
        networkRows += 1;
      }
    }
    for (let position = 0; position < entityCount; position += 1) start[position + 1] = (start[position + 1] as number) + (start[position] as number);
    const cursor = start.slice(0, entityCount);
    const total = rows + networkRows;
    let members = new Int32Array(total);
    let usage = new Uint32Array(total);
    const place = (position: number, account: number, events: number) => {
      const at = cursor[position] as number;
      members[at] = account;
      usage[at] = events;
      cursor[position] = at + 1;
    };
    for (let row = 0; row < rows; row += 1) {
      const entity = this.usageEntity.at(row);
      const account = newIndex[this.usageAccount.at(row)] as number;
      const events = this.usageEvents.at(row);
      place(rank[entity] as number, account, events);
      const network = networkRank[entity] as number;
      if (network !== -1) place(network, account, events);
    }
    this.usageEntity.release();
    this.usageAccount.release();
    this.usageEvents.release();

    // Each entity's rows by account, folded, moved down over the rows folded away before them.
    const sorter = new SegmentSorter();
    let written = 0;
    for (let position = 0; position < entityCount; position += 1) {
      const begin = start[position] as number;
      start[position] = written;
      written = sorter.sortAndFold(members, usage, begin, start[position + 1] as number, written);
    }
    start[entityCount] = written;
    if (written < total) {
      members = members.slice(0, written);
      usage = usage.slice(0, written);
    }
    const entities: EntityTable = {
      count: entityCount,
      kinds: Uint8Array.from(order, (entity) => this.entityKinds[entity] as number),
      keys: order.map((entity) => this.entityKeys[entity] as string),
      details: order.map((entity) => this.entityDetails[entity] ?? null),
      start,
      members,
      usage,
    };

    const addressCount = new Int32Array(accounts.length);
    const networkCount = new Int32Array(accounts.length);
    for (let entity = 0; entity < entityCount; entity += 1) {
      const kind = entities.kinds[entity];
      const counter = kind === KIND_CODES.ip ? addressCount : kind === KIND_CODES.network ? networkCount : undefined;
      if (!counter) continue;
      for (let at = start[entity] as number; at < (start[entity + 1] as number); at += 1) {
        const member = members[at] as number;
        counter[member] = (counter[member] as number) + 1;
      }
    }
    return { accounts, entities, addressCount, networkCount };
  }
}

/** Sorts one entity's rows by account and folds an account's rows into one, reusing its scratch arrays. */
class SegmentSorter {
  private order = new Int32Array(64);
  private members = new Int32Array(64);
  private usage = new Uint32Array(64);

  /**
   * The rows members/usage[begin, end) sorted by account and folded, written from `to` (never past
   * `begin`, so rows not yet read are never overwritten); returns where the next entity's rows go.
   */
  sortAndFold(members: Int32Array, usage: Uint32Array, begin: number, end: number, to: number): number {
    let sorted = true;
    for (let at = begin + 1; at < end && sorted; at += 1) sorted = (members[at - 1] as number) <= (members[at] as number);
    let fromMembers = members;
    let fromUsage = usage;
    let from = begin;
    if (!sorted) {
      const length = end - begin;
      this.reserve(length);
      const order = this.order.subarray(0, length);
      for (let at = 0; at < length; at += 1) order[at] = at;
      order.sort((left, right) => (members[begin + left] as number) - (members[begin + right] as number) || left - right);
      for (let at = 0; at < length; at += 1) {
        this.members[at] = members[begin + (order[at] as number)] as number;
        this.usage[at] = usage[begin + (order[at] as number)] as number;
      }
      fromMembers = this.members;
      fromUsage = this.usage;
      from = 0;
    }
    let written = to;
    for (let at = from; at < from + end - begin; at += 1) {
      const account = fromMembers[at] as number;
      if (written > to && members[written - 1] === account) usage[written - 1] = Math.min(MAX_EVENTS, (usage[written - 1] as number) + (fromUsage[at] as number));
      else {
        members[written] = account;
        usage[written] = fromUsage[at] as number;
        written += 1;
      }
    }
    return written;
  }

  private reserve(length: number): void {
    if (this.order.length >= length) return;
    const grown = Math.max(length, this.order.length * 2);
    this.order = new Int32Array(grown);
    this.members = new Int32Array(grown);
    this.usage = new Uint32Array(grown);
  }
}

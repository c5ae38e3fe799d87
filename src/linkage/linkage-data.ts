// What the linkage refresh reads from the graph, held in compact arrays: accounts with their
// activity facts, and every shared entity (address, network, payment method, prompt
// fingerprint) with the accounts that used it and how much.

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

export interface Entity {
  kind: EntityKind;
  key: string;
  /** Account indexes (into LinkageData.accounts). */
  members: number[];
  /** Events per member, same order; 1 for payment links. */
  usage: number[];
  /** Intent for prompts, kind and issuer for payment methods. */
  detail: string | null;
}

/** The card issuer (BIN) of a payment entity's detail (`<kind>|<issuer>`); '' when it has none. */
export function paymentIssuer(entity: Pick<Entity, 'detail'>): string {
  return entity.detail?.split('|')[1] ?? '';
}

export interface LinkageData {
  accounts: AccountFacts[];
  entities: Entity[];
  /** Distinct addresses per account. */
  addressCount: Int32Array;
  /** Distinct /24 or /48 networks per account. */
  networkCount: Int32Array;
}

export class LinkageDataBuilder {
  private readonly accounts: AccountFacts[] = [];
  private readonly accountIndex = new Map<string, number>();
  private readonly entities = new Map<string, Entity>();
  /** Networks gather one row per address, so an account can arrive many times, interleaved. */
  private readonly networkPositions = new Map<Entity, Map<number, number>>();

  addAccount(facts: AccountFacts): void {
    if (this.accountIndex.has(facts.accountId)) return;
    this.accountIndex.set(facts.accountId, this.accounts.length);
    this.accounts.push(facts);
  }

  addUsage(kind: EntityKind, key: string, accountId: string, events: number, detail: string | null = null): void {
    const account = this.accountIndex.get(accountId);
    if (account === undefined) return;
    const entityKey = `${kind}\u0000${key}`;
    let entity = this.entities.get(entityKey);
    if (!entity) {
      entity = { kind, key, members: [], usage: [], detail };
      this.entities.set(entityKey, entity);
    }
    const last = entity.members.length - 1;
    // Network usage arrives once per address; consecutive rows of one account fold together.
    if (last >= 0 && entity.members[last] === account) {
      entity.usage[last] = (entity.usage[last] ?? 0) + events;
      return;
    }
    if (kind === 'network') {
      let positions = this.networkPositions.get(entity);
      if (!positions) {
        positions = new Map();
        this.networkPositions.set(entity, positions);
      }
      const existing = positions.get(account);
      if (existing !== undefined) {
        entity.usage[existing] = (entity.usage[existing] ?? 0) + events;
        return;
      }
      positions.set(account, entity.members.length);
    }
    entity.members.push(account);
    entity.usage.push(events);
  }

  /**
   * Neo4j streams rows in storage order, which depends on how concurrent ingest writes landed;
   * the data is put in one canonical order (accounts by id, entities by kind and key, members by
   * account) so that the same graph and seed always give the same communities.
   */
  build(): LinkageData {
    this.networkPositions.clear();
    const byId = this.accounts.map((facts, index) => ({ facts, index }));
    byId.sort((left, right) => (left.facts.accountId < right.facts.accountId ? -1 : left.facts.accountId > right.facts.accountId ? 1 : 0));
    const newIndex = new Int32Array(byId.length);
    byId.forEach((entry, position) => {
      newIndex[entry.index] = position;
    });
    const accounts = byId.map((entry) => entry.facts);
    const kindOrder = (kind: EntityKind) => ENTITY_KINDS.indexOf(kind);
    const entities = [...this.entities.values()];
    entities.sort((left, right) => kindOrder(left.kind) - kindOrder(right.kind) || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
    for (const entity of entities) {
      const members = entity.members.map((member, position) => ({ member: newIndex[member] as number, usage: entity.usage[position] ?? 1 }));
      members.sort((left, right) => left.member - right.member);
      // One account twice on one entity folds together: a refresh that reads while a load opens a
      // private address can see its owner's usage both on the node and as a relationship.
      const folded: typeof members = [];
      for (const entry of members) {
        const last = folded[folded.length - 1];
        if (last && last.member === entry.member) last.usage += entry.usage;
        else folded.push(entry);
      }
      entity.members = folded.map((entry) => entry.member);
      entity.usage = folded.map((entry) => entry.usage);
    }
    const addressCount = new Int32Array(accounts.length);
    const networkCount = new Int32Array(accounts.length);
    for (const entity of entities) {
      const counter = entity.kind === 'ip' ? addressCount : entity.kind === 'network' ? networkCount : undefined;
      if (counter) for (const member of entity.members) counter[member] = (counter[member] ?? 0) + 1;
    }
    return { accounts, entities, addressCount, networkCount };
  }
}

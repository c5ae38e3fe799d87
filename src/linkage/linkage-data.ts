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

  indexOf(accountId: string): number | undefined {
    return this.accountIndex.get(accountId);
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

  build(): LinkageData {
    const addressCount = new Int32Array(this.accounts.length);
    const networkCount = new Int32Array(this.accounts.length);
    this.networkPositions.clear();
    const entities = [...this.entities.values()];
    for (const entity of entities) {
      const counter = entity.kind === 'ip' ? addressCount : entity.kind === 'network' ? networkCount : undefined;
      if (counter) for (const member of entity.members) counter[member] = (counter[member] ?? 0) + 1;
    }
    return { accounts: this.accounts, entities, addressCount, networkCount };
  }
}

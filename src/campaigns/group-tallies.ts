// A scored group's entities: for each, the member positions on it and their events, in the order
// the members first reach them. Held in flat arrays: a reported group keeps its tallies until
// every group is scored (it recruits from the unreported ones last), and as an object and an
// array per entity the 28 reported groups at `seed` (809,000 entities) kept some 250 MB.
import { usageAt, type EntityTable } from '../linkage/linkage-data.js';
import type { AccountIncidence } from './background.js';

export class GroupTallies {
  /** Entities the members use. */
  readonly size: number;
  private readonly slotOfEntity: Map<number, number>;
  private readonly entityOfSlot: Int32Array;
  private readonly eventsOfSlot: Float64Array;
  /** Slot s's member positions are positions[start[s]] up to positions[start[s + 1]], ascending. */
  private readonly start: Int32Array;
  private readonly positions: Int32Array;

  /** The tallies of `members` (account indexes), from each member's entities in `incidence`. */
  constructor(members: readonly number[], incidence: AccountIncidence, table: EntityTable) {
    const slotOfEntity = new Map<number, number>();
    const entities: number[] = [];
    const counts: number[] = [];
    const events: number[] = [];
    for (const member of members) {
      for (let at = incidence.start[member] as number; at < (incidence.start[member + 1] as number); at += 1) {
        const entity = incidence.entity[at] as number;
        const used = usageAt(table, entity, incidence.position[at] as number);
        const slot = slotOfEntity.get(entity);
        if (slot === undefined) {
          slotOfEntity.set(entity, entities.length);
          entities.push(entity);
          counts.push(1);
          events.push(used);
        } else {
          counts[slot] = (counts[slot] as number) + 1;
          events[slot] = (events[slot] as number) + used;
        }
      }
    }
    this.size = entities.length;
    this.slotOfEntity = slotOfEntity;
    this.entityOfSlot = Int32Array.from(entities);
    this.eventsOfSlot = Float64Array.from(events);
    this.start = new Int32Array(this.size + 1);
    for (let slot = 0; slot < this.size; slot += 1) this.start[slot + 1] = (this.start[slot] as number) + (counts[slot] as number);
    this.positions = new Int32Array(this.start[this.size] as number);
    const cursor = this.start.slice(0, this.size);
    members.forEach((member, position) => {
      for (let at = incidence.start[member] as number; at < (incidence.start[member + 1] as number); at += 1) {
        const slot = slotOfEntity.get(incidence.entity[at] as number) as number;
        this.positions[cursor[slot] as number] = position;
        cursor[slot] = (cursor[slot] as number) + 1;
      }
    });
  }

  entity(slot: number): number {
    return this.entityOfSlot[slot] as number;
  }

  /** The members' events on the slot's entity. */
  events(slot: number): number {
    return this.eventsOfSlot[slot] as number;
  }

  /** Members on the slot's entity. */
  count(slot: number): number {
    return (this.start[slot + 1] as number) - (this.start[slot] as number);
  }

  /** The member positions on the slot's entity (a view; loops over many slots read positionAt). */
  positionsOf(slot: number): Int32Array {
    return this.positions.subarray(this.start[slot], this.start[slot + 1]);
  }

  /** The slot's member positions are positionAt(index) for index from firstOf(slot) up to firstOf(slot) + count(slot). */
  firstOf(slot: number): number {
    return this.start[slot] as number;
  }

  positionAt(index: number): number {
    return this.positions[index] as number;
  }

  /** The entity's slot, or -1 when no member uses it. */
  slotOf(entity: number): number {
    return this.slotOfEntity.get(entity) ?? -1;
  }

  /** Members on an entity (0 when none). */
  countOf(entity: number): number {
    const slot = this.slotOfEntity.get(entity);
    return slot === undefined ? 0 : this.count(slot);
  }

  /** The entities, in slot order. */
  entities(): Int32Array {
    return this.entityOfSlot;
  }
}

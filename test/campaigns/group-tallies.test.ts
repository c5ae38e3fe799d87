import { describe, expect, it } from 'vitest';
import { buildIncidence } from '../../src/campaigns/background.js';
import { GroupTallies } from '../../src/campaigns/group-tallies.js';
import { entityTable, type LinkageData } from '../../src/linkage/linkage-data.js';
import { accountFacts } from '../support/account-facts.js';

/** Five accounts on four entities; usage is events per member. */
function fixture(): LinkageData {
  const entities = entityTable([
    { kind: 'ip', key: '10.0.0.1', members: [0, 2, 4], usage: [3, 1, 2] },
    { kind: 'payment', key: 'card-1', members: [1, 2] },
    { kind: 'prompt', key: 'f-1', members: [2, 4], usage: [5, 7] },
    { kind: 'prompt', key: 'f-2', members: [3], usage: [9] },
  ]);
  const accounts = Array.from({ length: 5 }, (_, index) => accountFacts(`a-${index}`, index));
  return { accounts, entities, addressCount: new Int32Array(5), networkCount: new Int32Array(5) };
}

describe('GroupTallies', () => {
  it('lists the entities in the order the members first reach them, with member positions and summed events', () => {
    const data = fixture();
    // Members 4, 2, 1: positions 0, 1, 2.
    const tallies = new GroupTallies([4, 2, 1], buildIncidence(data), data.entities);
    const rows = Array.from({ length: tallies.size }, (_, slot) => ({
      key: data.entities.keys[tallies.entity(slot)],
      positions: Array.from(tallies.positionsOf(slot)),
      count: tallies.count(slot),
      events: tallies.events(slot),
    }));
    expect(rows).toEqual([
      { key: '10.0.0.1', positions: [0, 1], count: 2, events: 3 },
      { key: 'f-1', positions: [0, 1], count: 2, events: 12 },
      { key: 'card-1', positions: [1, 2], count: 2, events: 2 },
    ]);
    expect(Array.from(tallies.entities())).toEqual([0, 2, 1]);
  });

  it('answers per entity, with no slot and no members for an entity no member uses', () => {
    const data = fixture();
    const tallies = new GroupTallies([3, 0], buildIncidence(data), data.entities);
    expect(tallies.countOf(3)).toBe(1);
    expect(tallies.countOf(0)).toBe(1);
    expect(tallies.slotOf(1)).toBe(-1);
    expect(tallies.countOf(1)).toBe(0);
    const slot = tallies.slotOf(0);
    expect(tallies.positionAt(tallies.firstOf(slot))).toBe(1);
  });
});

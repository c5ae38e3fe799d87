import { describe, expect, it } from 'vitest';
import { promptLinkColumns } from '../../src/linkage/gds-linkage-graph.js';
import { LinkageDataBuilder } from '../../src/linkage/linkage-data.js';
import { accountFacts } from '../support/account-facts.js';

describe('promptLinkColumns', () => {
  it('names each linked account once and gives each link as its two accounts’ places and its similarity', () => {
    const builder = new LinkageDataBuilder();
    for (const [index, id] of ['a', 'b', 'c', 'd'].entries()) builder.addAccount(accountFacts(id, index));
    const data = builder.build();
    const { accountIds, numbers } = promptLinkColumns(data, [
      [2, 3, 0.5],
      [0, 2, 0.25],
      [2, 3, 0.75],
    ]);
    expect(accountIds).toEqual(['c', 'd', 'a']);
    expect(numbers.values).toEqual([0, 1, 0.5, 2, 0, 0.25, 0, 1, 0.75]);
  });

  it('gives empty columns for no links', () => {
    const { accountIds, numbers } = promptLinkColumns(new LinkageDataBuilder().build(), []);
    expect(accountIds).toEqual([]);
    expect(numbers.values).toEqual([]);
  });
});

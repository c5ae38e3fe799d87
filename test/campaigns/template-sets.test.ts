import { describe, expect, it } from 'vitest';
import { findTemplateSets, type TemplateSetOptions } from '../../src/campaigns/template-sets.js';
import { LinkageDataBuilder } from '../../src/linkage/linkage-data.js';
import { accountFacts } from '../support/account-facts.js';

/** `population` accounts each sending one of 100 everyday prompts, plus whatever `add` sends. */
function setsOf(add: (send: (accountId: string, fingerprint: string, events: number) => void) => void, options: Partial<TemplateSetOptions> = {}, population = 1000) {
  const builder = new LinkageDataBuilder();
  const send = (accountId: string, fingerprint: string, events: number) => {
    builder.addAccount(accountFacts(accountId, 0));
    builder.addUsage('prompt', fingerprint, accountId, events, 'other');
  };
  for (let index = 0; index < population; index += 1) send(`person-${index}`, `everyday-${index % 100}`, 5);
  add(send);
  const data = builder.build();
  const result = findTemplateSets(data, options);
  const keyOf = (entityIndex: number) => data.entities.keys[entityIndex];
  const idOf = (account: number) => data.accounts[account]?.accountId;
  return { result, sets: result.sets.map((set) => ({ fingerprints: set.fingerprints.map(keyOf), senders: set.senders.map(idOf) })) };
}

const operation =
  (size: number, templates: readonly string[], events = 10) =>
  (send: (accountId: string, fingerprint: string, events: number) => void) => {
    for (let index = 0; index < size; index += 1) for (const template of templates) send(`operator-${index}`, template, events);
  };

describe('findTemplateSets', () => {
  it('groups the templates an operation’s accounts send together, with every account that sent one', () => {
    const { sets } = setsOf((send) => {
      operation(30, ['template-a', 'template-b', 'template-c'])(send);
      // Two more accounts send one template each: they are senders of the set too.
      send('stray-0', 'template-a', 3);
      send('stray-1', 'template-c', 3);
    });
    expect(sets).toHaveLength(1);
    expect(sets[0]?.fingerprints.sort()).toEqual(['template-a', 'template-b', 'template-c']);
    expect(sets[0]?.senders).toHaveLength(32);
    expect(sets[0]?.senders).toEqual(expect.arrayContaining(['stray-0', 'stray-1', 'operator-0']));
  });

  it.each([
    {
      case: 'a popular prompt sent beside everything else (shares senders with nothing beyond its popularity)',
      add: (send: (accountId: string, fingerprint: string, events: number) => void) => {
        for (let index = 0; index < 50; index += 1) send(`person-${index * 19}`, 'popular-agent-prompt', 5);
      },
    },
    {
      case: 'templates sent together by fewer accounts than a set needs',
      add: operation(4, ['small-a', 'small-b']),
    },
    {
      case: 'two templates whose senders overlap no more than their popularity explains',
      add: (send: (accountId: string, fingerprint: string, events: number) => void) => {
        for (let index = 0; index < 40; index += 1) send(`person-${index}`, 'template-x', 5);
        for (let index = 0; index < 40; index += 1) send(`person-${index * 7}`, 'template-y', 5);
      },
    },
    {
      case: 'a fingerprint too widely sent for any pair to reach the lift (more than 1/minLift of all senders)',
      add: (send: (accountId: string, fingerprint: string, events: number) => void) => {
        for (let index = 0; index < 100; index += 1) {
          send(`person-${index}`, 'wide-a', 5);
          send(`person-${index}`, 'wide-b', 5);
        }
      },
    },
  ])('forms no set from $case', ({ add }) => {
    expect(setsOf(add).sets).toEqual([]);
  });

  it('counts co-sending among each account’s most used fingerprints only', () => {
    // Every operator sends its two templates most, and one-off prompts of its own besides.
    const add = (send: (accountId: string, fingerprint: string, events: number) => void) => {
      operation(30, ['template-a', 'template-b'])(send);
      for (let index = 0; index < 30; index += 1) for (let other = 0; other < 5; other += 1) send(`operator-${index}`, `chatter-${index}-${other}`, 1);
    };
    expect(setsOf(add).sets.map((set) => set.fingerprints)).toEqual([['template-a', 'template-b']]);
    // With one slot per account no account contributes a pair at all.
    expect(setsOf(add, { promptsPerAccount: 1 }).sets).toEqual([]);
  });

  it('keeps two operations’ template sets apart, in a stable order, and counts what it weighed', () => {
    const { result, sets } = setsOf((send) => {
      operation(20, ['first-a', 'first-b'])(send);
      for (let index = 0; index < 20; index += 1) for (const template of ['second-a', 'second-b']) send(`second-${index}`, template, 10);
    });
    expect(sets.map((set) => set.fingerprints)).toEqual([
      ['first-a', 'first-b'],
      ['second-a', 'second-b'],
    ]);
    expect(result.coSentPairs).toBe(2);
    expect(result.eligibleFingerprints).toBe(104);
  });
});

import { describe, expect, it } from 'vitest';
import { oneGroupPerSet, repeatSendersOf } from '../../src/campaigns/sibling-groups.js';
import { DEFAULTS, type ScoredCommunity } from '../../src/campaigns/scoring-model.js';
import { entityList, LinkageDataBuilder } from '../../src/linkage/linkage-data.js';
import { accountFacts } from '../support/account-facts.js';

describe('repeatSendersOf', () => {
  // One account sends `onSet` of its `prompts` on a two-fingerprint set; ten other senders make
  // up the rest of the set's traffic, `setShare` of all prompts.
  it.each([
    { who: 'an operation account, 12 of 14 prompts on a set with 1 % of all prompts', onSet: 12, prompts: 14, setShare: 0.01, repeats: true },
    { who: 'an everyday user, 1 of 41 prompts on the same set', onSet: 1, prompts: 41, setShare: 0.01, repeats: false },
    { who: 'a low-volume account, 1 of 3 prompts on a set with 0.01 % of all prompts', onSet: 1, prompts: 3, setShare: 0.0001, repeats: true },
    { who: 'a low-volume account, 1 of 3 prompts on a set with 1 % of all prompts', onSet: 1, prompts: 3, setShare: 0.01, repeats: false },
  ])('tells $who', ({ onSet, prompts, setShare, repeats }) => {
    const builder = new LinkageDataBuilder();
    for (let index = 0; index <= 10; index += 1) builder.addAccount(accountFacts(`sender-${String(index).padStart(2, '0')}`, index));
    builder.addUsage('prompt', 'set-a', 'sender-00', Math.ceil(onSet / 2), 'other');
    if (onSet > 1) builder.addUsage('prompt', 'set-b', 'sender-00', Math.floor(onSet / 2), 'other');
    for (let index = 1; index <= 10; index += 1) builder.addUsage('prompt', 'set-b', `sender-${String(index).padStart(2, '0')}`, 10, 'other');
    const data = builder.build();
    const fingerprints = entityList(data.entities).flatMap((entity, position) => (entity.kind === 'prompt' ? [position] : []));
    const promptEvents = [prompts, ...Array.from({ length: 10 }, () => 10)];
    const allPromptEvents = (onSet + 100) / setShare;
    expect(repeatSendersOf(data, fingerprints, [0], promptEvents, allPromptEvents, DEFAULTS.minSurprise)).toEqual(repeats ? [0] : []);
  });
});

describe('oneGroupPerSet', () => {
  // A template set (community 10) and its repeat senders (11), scored; the set holds 40 members.
  const group = (community: number, score: number, isCampaign: boolean, templateEvidence: number): ScoredCommunity =>
    ({
      community,
      score,
      isCampaign,
      memberCount: community === 10 ? 40 : 20,
      origin: 'template-set',
      signals: [{ name: 'template_exclusivity', contribution: templateEvidence }],
    }) as unknown as ScoredCommunity;
  const repeatsOfSet = new Map([[11, 10]]);
  it.each([
    { when: 'repeat senders reported excuse their set the margin at the plain threshold', set: group(10, 0.45, false, 0.2), repeats: group(11, 0.55, true, 0.3), reported: [true, false] },
    { when: 'a set under the plain threshold stays unreported beside its repeat senders', set: group(10, 0.35, false, 0.2), repeats: group(11, 0.55, true, 0.3), reported: [false, true] },
    {
      when: 'a set whose one-off senders dilute its template evidence is excused on its repeat senders’ evidence',
      set: group(10, 0.45, false, 0.05),
      repeats: group(11, 0.55, true, 0.3),
      reported: [true, false],
    },
    { when: 'a set is not excused when neither it nor its repeat senders show operator evidence', set: group(10, 0.45, false, 0.05), repeats: group(11, 0.55, true, 0.05), reported: [false, true] },
    { when: 'unreported repeat senders excuse nothing', set: group(10, 0.45, false, 0.2), repeats: group(11, 0.45, false, 0.3), reported: [false, false] },
    { when: 'both reported: the set, which holds the other, is kept', set: group(10, 0.55, true, 0.2), repeats: group(11, 0.6, true, 0.3), reported: [true, false] },
  ])('$when', ({ set, repeats, reported }) => {
    expect(oneGroupPerSet([set, repeats], repeatsOfSet, DEFAULTS).map((result) => result.isCampaign)).toEqual(reported);
  });
});

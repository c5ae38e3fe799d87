import { describe, expect, it } from 'vitest';
import { entityList, LinkageDataBuilder, type AccountFacts, type LinkageData } from '../../src/linkage/linkage-data.js';
import { promptSimilarityLinksInParallel, splitByCost } from '../../src/linkage/parallel-projection.js';
import { NeighborTable, promptSimilarityLinks, type PromptLink, type PromptSimilarityOptions } from '../../src/linkage/prompt-similarity.js';
import { seededRandom } from '../../src/shared/random.js';

function account(accountId: string, createdAt = 0): AccountFacts {
  return {
    accountId,
    createdAt,
    firstEventAt: createdAt,
    lastEventAt: createdAt,
    eventCount: 10,
    inputTokens: 100,
    outputTokens: 100,
    extractionEvents: 0,
    hourHistogram: [],
    activeDays: [],
    orgId: null,
    plan: null,
  };
}

/**
 * The plain definition, written for clarity: for every account, the dot product with every
 * account in its windows, then its promptNeighbors best by (similarity, lower index). The fast
 * scan must give exactly these links, in this order.
 */
function plainPromptSimilarityLinks(data: LinkageData, settings: PromptSimilarityOptions): PromptLink[] {
  const count = data.accounts.length;
  const maxDegree = Math.max(2, Math.floor(settings.maxPromptShare * count));
  const entities = entityList(data.entities).map((entity) => ({ ...entity, members: Array.from(entity.members), usage: Array.from(entity.usage) }));
  const prompts = entities.filter((entity) => entity.kind === 'prompt' && entity.members.length >= 2 && entity.members.length <= maxDegree);
  const events = new Array<number>(count).fill(0);
  for (const entity of entities) if (entity.kind === 'prompt') entity.members.forEach((member, position) => (events[member] = (events[member] as number) + (entity.usage[position] ?? 1)));
  const weightOf = prompts.map((entity) => entity.members.map((member, position) => ((entity.usage[position] ?? 1) / Math.max(1, events[member] as number)) * Math.log(count / entity.members.length)));
  const signUpOrder = prompts.map((entity) =>
    entity.members
      .map((_, position) => position)
      .sort((left, right) => (data.accounts[entity.members[left] as number]?.createdAt ?? 0) - (data.accounts[entity.members[right] as number]?.createdAt ?? 0) || left - right),
  );
  const squaredNorm = new Array<number>(count).fill(0);
  prompts.forEach((entity, fingerprint) => entity.members.forEach((member, position) => (squaredNorm[member] = (squaredNorm[member] as number) + (weightOf[fingerprint]?.[position] as number) ** 2)));
  const half = Math.floor(settings.promptCandidateWindow / 2);
  const links: PromptLink[] = [];
  const linked = new Set<string>();
  for (let account = 0; account < count; account += 1) {
    if (squaredNorm[account] === 0) continue;
    const dot = new Map<number, number>();
    prompts.forEach((entity, fingerprint) => {
      const position = entity.members.indexOf(account);
      if (position < 0) return;
      const order = signUpOrder[fingerprint] as number[];
      const big = entity.members.length > settings.promptCandidateWindow;
      const place = order.indexOf(position);
      const from = big ? Math.max(0, place - half) : 0;
      const to = big ? Math.min(order.length, from + 2 * half + 1) : order.length;
      for (const other of order.slice(from, to)) {
        const member = entity.members[other] as number;
        if (member !== account) dot.set(member, (dot.get(member) ?? 0) + (weightOf[fingerprint]?.[position] as number) * (weightOf[fingerprint]?.[other] as number));
      }
    });
    const candidates = [...dot]
      .map(([member, product]): [number, number] => [member, product / (Math.sqrt(squaredNorm[account] as number) * Math.sqrt(squaredNorm[member] as number))])
      .filter(([, similarity]) => similarity >= settings.minPromptSimilarity)
      .sort((left, right) => right[1] - left[1] || left[0] - right[0])
      .slice(0, settings.promptNeighbors);
    for (const [member, similarity] of candidates) {
      const key = `${Math.min(account, member)}-${Math.max(account, member)}`;
      if (linked.has(key)) continue;
      linked.add(key);
      links.push([Math.min(account, member), Math.max(account, member), Math.min(1, similarity)]);
    }
  }
  return links;
}

/** Accounts created in bursts sending prompts from a few templates, with ties in creation time. */
function generatedPromptData(seed: number, accounts: number): LinkageData {
  const random = seededRandom(seed);
  const builder = new LinkageDataBuilder();
  const ids = Array.from({ length: accounts }, (_, index) => `account-${seed}-${index}`);
  // Creation times repeat on purpose: the sign-up order must break ties by account index.
  ids.forEach((id) => builder.addAccount(account(id, Math.floor(random() * 20) * 1000)));
  ids.forEach((id) => {
    const templates = 1 + Math.floor(random() * 4);
    for (let template = 0; template < templates; template += 1) builder.addUsage('prompt', `template-${Math.floor(random() * random() * 12)}`, id, 1 + Math.floor(random() * 6));
    if (random() < 0.3) builder.addUsage('prompt', `own-${id}`, id, 2);
  });
  return builder.build();
}

describe('promptSimilarityLinks', () => {
  it.each([
    { seed: 1, accounts: 60, promptCandidateWindow: 10, promptNeighbors: 4 },
    { seed: 2, accounts: 120, promptCandidateWindow: 25, promptNeighbors: 3 },
    { seed: 3, accounts: 90, promptCandidateWindow: 1000, promptNeighbors: 5 },
    { seed: 4, accounts: 150, promptCandidateWindow: 7, promptNeighbors: 10 },
    { seed: 5, accounts: 40, promptCandidateWindow: 2, promptNeighbors: 1 },
  ])('gives exactly the links of the plain definition (seed $seed, window $promptCandidateWindow)', ({ seed, accounts, promptCandidateWindow, promptNeighbors }) => {
    const data = generatedPromptData(seed, accounts);
    const settings = { promptNeighbors, minPromptSimilarity: 0.2, maxPromptShare: 0.9, promptCandidateWindow };
    const expected = plainPromptSimilarityLinks(data, settings);
    expect(expected.length).toBeGreaterThan(0);
    expect(promptSimilarityLinks(data, settings)).toEqual(expected);
  });

  it('keeps at most promptNeighbors prompt links per account even when thousands send the same prompts', () => {
    const builder = new LinkageDataBuilder();
    const count = 2000;
    for (let index = 0; index < count; index += 1) {
      builder.addAccount(account(`user-${index}`));
      builder.addUsage('prompt', 'template-1', `user-${index}`, 4);
      builder.addUsage('prompt', 'template-2', `user-${index}`, 4);
    }
    // As many accounts again that never send these prompts: the templates are not universal.
    for (let index = 0; index < count; index += 1) builder.addAccount(account(`quiet-${index}`));
    const links = promptSimilarityLinks(builder.build(), { promptNeighbors: 5, minPromptSimilarity: 0.3, maxPromptShare: 1, promptCandidateWindow: 4000 });
    expect(links.length).toBeLessThanOrEqual(count * 5);
    expect(links.length).toBeGreaterThanOrEqual((count * 5) / 2);
    for (const [low, high, similarity] of links) {
      expect(low).toBeLessThan(high);
      expect(similarity).toBeCloseTo(1);
    }
  });

  it('compares accounts on a template used by more than the candidate window only with their sign-up neighbours', () => {
    const builder = new LinkageDataBuilder();
    for (let index = 0; index < 40; index += 1) {
      builder.addAccount(account(`user-${String(index).padStart(2, '0')}`, index * 1000));
      builder.addUsage('prompt', 'template-1', `user-${String(index).padStart(2, '0')}`, 4);
    }
    for (let index = 0; index < 40; index += 1) builder.addAccount(account(`quiet-${index}`));
    const data = builder.build();
    const createdOf = (member: number) => data.accounts[member]?.createdAt ?? 0;
    const links = promptSimilarityLinks(data, { promptNeighbors: 100, minPromptSimilarity: 0.3, maxPromptShare: 1, promptCandidateWindow: 10 });
    expect(links.length).toBeGreaterThan(0);
    for (const [low, high] of links) expect(Math.abs(createdOf(low) - createdOf(high))).toBeLessThanOrEqual(10 * 1000);
  });

  it('ignores fingerprints that most accounts use', () => {
    const builder = new LinkageDataBuilder();
    for (let index = 0; index < 10; index += 1) {
      builder.addAccount(account(`user-${index}`));
      builder.addUsage('prompt', 'hello', `user-${index}`, 5);
    }
    expect(promptSimilarityLinks(builder.build(), { promptNeighbors: 5, minPromptSimilarity: 0.3, maxPromptShare: 0.5, promptCandidateWindow: 4000 })).toEqual([]);
  });
});

describe('NeighborTable', () => {
  it('keeps the best members whatever the order of offers, ties going to the lower member', () => {
    const offers: Array<[number, number]> = [
      [5, 0.9],
      [3, 0.5],
      [8, 0.9],
      [1, 0.5],
      [2, 0.7],
      [7, 0.1],
    ];
    const forwards = new NeighborTable(1, 4);
    const backwards = new NeighborTable(1, 4);
    for (const [member, score] of offers) forwards.offer(0, member, score);
    for (const [member, score] of [...offers].reverse()) backwards.offer(0, member, score);
    for (const table of [forwards, backwards]) {
      expect(Array.from(table.members)).toEqual([5, 8, 2, 1]);
      expect(Array.from(table.scores)).toEqual([0.9, 0.9, 0.7, 0.5]);
    }
  });

  it('merges tables filled apart into the table one pass would fill', () => {
    const random = seededRandom(7);
    const whole = new NeighborTable(5, 3);
    const first = new NeighborTable(5, 3);
    const second = new NeighborTable(5, 3);
    for (let offer = 0; offer < 200; offer += 1) {
      const owner = Math.floor(random() * 5);
      const member = Math.floor(random() * 50);
      const score = Math.round(random() * 10) / 10;
      whole.offer(owner, member, score);
      (offer % 2 === 0 ? first : second).offer(owner, member, score);
    }
    first.mergeFrom(second);
    expect(first.members).toEqual(whole.members);
    expect(first.scores).toEqual(whole.scores);
    expect(first.sizes).toEqual(whole.sizes);
  });
});

describe('promptSimilarityLinksInParallel', () => {
  it('finds on worker threads exactly the links of one thread', async () => {
    const data = generatedPromptData(11, 400);
    const settings = { promptNeighbors: 5, minPromptSimilarity: 0.2, maxPromptShare: 0.9, promptCandidateWindow: 30 };
    const links = await promptSimilarityLinksInParallel(data, settings, { threads: 3, minWorkForThreads: 0 });
    expect(links.length).toBeGreaterThan(100);
    expect(links).toEqual(promptSimilarityLinks(data, settings));
  });

  it('cuts ranks into ranges of about equal work', () => {
    expect(splitByCost(Float64Array.from([1, 1, 1, 1, 1, 1]), 2)).toEqual([
      [0, 3],
      [3, 6],
    ]);
    expect(splitByCost(Float64Array.from([10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 2)).toEqual([
      [0, 1],
      [1, 11],
    ]);
    expect(splitByCost(Float64Array.from([1, 2, 3]), 1)).toEqual([[0, 3]]);
  });
});

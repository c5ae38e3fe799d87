import { describe, expect, it } from 'vitest';
import { creationBurstShare, DEFAULTS, SIGNALS, scoreCommunities, type SignalName } from '../../src/campaigns/score-communities.js';
import { LinkageDataBuilder, type AccountFacts } from '../../src/linkage/linkage-data.js';
import { projectLinkageGraph } from '../../src/linkage/project-linkage-graph.js';
import { seededRandom } from '../../src/shared/random.js';

const DAY = 86_400_000;

interface Setup {
  facts?: (index: number) => Partial<AccountFacts>;
  link?: (builder: LinkageDataBuilder, id: string, index: number) => void;
  members?: number;
  population?: number;
}

/** A community of `members` accounts tied by one shared address each pair, plus a benign population. */
function scoreOne({ facts = () => ({}), link = () => undefined, members = 6, population = 300 }: Setup) {
  const builder = new LinkageDataBuilder();
  const ids: string[] = [];
  for (let index = 0; index < members; index += 1) {
    const id = `member-${index}`;
    ids.push(id);
    builder.addAccount({ accountId: id, createdAt: index * 10 * DAY, firstEventAt: index * 10 * DAY + 20 * DAY, lastEventAt: 40 * DAY, eventCount: 100, inputTokens: 1000, outputTokens: 1000, extractionEvents: 0, hourHistogram: [], activeDays: [1, 2], orgId: null, plan: null, ...facts(index) });
  }
  for (let index = 0; index < population; index += 1) {
    builder.addAccount({ accountId: `benign-${index}`, createdAt: 0, firstEventAt: 0, lastEventAt: 0, eventCount: 5, inputTokens: 10, outputTokens: 10, extractionEvents: 0, hourHistogram: [], activeDays: [index % 30], orgId: null, plan: null });
    builder.addUsage('payment', `benign-card-${index}`, `benign-${index}`, 1, `card|4${String(index).padStart(5, '0')}`);
  }
  ids.forEach((id, index) => {
    builder.addUsage('ip', 'shared-address', id, 3);
    link(builder, id, index);
  });
  const data = builder.build();
  const { graph } = projectLinkageGraph(data, { minEdgeWeight: 0 });
  const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
  const [scored] = scoreCommunities(data, graph, [ids], (id) => index.get(id) as number, seededRandom(1));
  const signal = (name: SignalName | 'organisation') => scored?.signals.find((entry) => entry.name === name);
  return { scored, signal };
}

describe('scoreCommunities', () => {
  it.each<{ name: string; signal: SignalName; setup: Setup; value: number }>([
    { name: 'counts members paying with one shared card', signal: 'shared_payment', setup: { link: (builder, id) => builder.addUsage('payment', 'prepaid-1', id, 1, 'prepaid|999999') }, value: 1 },
    { name: 'counts members whose own cards come from one rare issuer', signal: 'shared_payment', setup: { link: (builder, id) => builder.addUsage('payment', `card-${id}`, id, 1, 'card|777777') }, value: 1 },
    { name: 'sees no payment signal when every member has a common card of its own', signal: 'shared_payment', setup: { link: (builder, id, index) => builder.addUsage('payment', `card-${id}`, id, 1, `card|4${String(index).padStart(5, '0')}`) }, value: 0 },
    { name: 'measures a creation burst', signal: 'creation_burst', setup: { facts: (index) => ({ createdAt: index * 3_600_000 }) }, value: 1 },
    { name: 'measures the share of extraction-like events', signal: 'extraction_prompts', setup: { facts: () => ({ extractionEvents: 80 }) }, value: 0.8 },
    { name: 'measures the output token share', signal: 'output_token_share', setup: { facts: () => ({ inputTokens: 250, outputTokens: 750 }) }, value: 0.75 },
    { name: 'counts accounts used within two days of sign-up', signal: 'fresh_accounts', setup: { facts: (index) => ({ createdAt: index * DAY, firstEventAt: index * DAY + 3_600_000 }) }, value: 1 },
    { name: 'counts members sharing at least two rare addresses', signal: 'shared_rare_addresses', setup: { link: (builder, id) => builder.addUsage('ip', 'second-shared-address', id, 1) }, value: 1 },
    { name: 'measures how many addresses members rotate through', signal: 'address_rotation', setup: { link: (builder, id) => ['1', '2', '3', '4', '5'].forEach((octet) => builder.addUsage('ip', `own-${id}-${octet}`, id, 1)) }, value: 6 },
    { name: 'measures how concentrated prompt traffic is', signal: 'fingerprint_concentration', setup: { link: (builder, id) => builder.addUsage('prompt', 'template-1', id, 10, 'reasoning') }, value: 1 },
  ])('$name', ({ signal, setup, value }) => {
    expect(scoreOne(setup).signal(signal)?.value).toBeCloseTo(value, 3);
  });

  it('damps the score of a declared organisation', () => {
    const strong: Setup = { facts: () => ({ extractionEvents: 100, createdAt: 0, firstEventAt: 3_600_000 }), link: (builder, id) => builder.addUsage('payment', 'prepaid-1', id, 1, 'prepaid|999999') };
    const plain = scoreOne(strong).scored;
    const organisation = scoreOne({ ...strong, facts: () => ({ extractionEvents: 100, createdAt: 0, firstEventAt: 3_600_000, orgId: 'acme' }) });
    expect(organisation.scored?.score).toBeLessThan((plain?.score ?? 0) * 0.3);
    expect(organisation.signal('organisation')?.contribution).toBeLessThan(0);
  });

  it('lets no single signal reach the campaign threshold alone', () => {
    for (const { weight } of Object.values(SIGNALS)) expect(weight).toBeLessThan(DEFAULTS.threshold);
    const weights = Object.values(SIGNALS).reduce((sum, { weight }) => sum + weight, 0);
    expect(weights).toBeCloseTo(1, 6);
  });

  it('explains every signal with value, weight and contribution, and lists the shared evidence', () => {
    const { scored } = scoreOne({ link: (builder, id) => builder.addUsage('payment', 'prepaid-1', id, 1, 'prepaid|999999') });
    expect(scored?.signals.map((signal) => signal.name)).toEqual(Object.keys(SIGNALS));
    expect(scored?.score).toBeCloseTo(scored?.signals.reduce((sum, signal) => sum + signal.contribution, 0) ?? -1, 3);
    expect(scored?.evidence.find((item) => item.kind === 'payment')).toMatchObject({ key: 'prepaid-1', members: 6 });
  });

  it('finds the largest 48-hour creation window', () => {
    expect(creationBurstShare([0, 1, 2, 10 * DAY])).toBe(0.75);
    expect(creationBurstShare([])).toBe(0);
  });
});

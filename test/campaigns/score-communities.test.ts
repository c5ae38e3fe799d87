import { describe, expect, it } from 'vitest';
import { densestWindow, scoreCommunities, signupWaves, SIGNAL_FAMILIES, SIGNALS, DEFAULTS, type SignalName } from '../../src/campaigns/score-communities.js';
import { LinkageDataBuilder, type AccountFacts } from '../../src/linkage/linkage-data.js';
import { UndirectedGraph } from 'graphology';
import { projectLinkageGraph, type LinkAttributes } from '../../src/linkage/project-linkage-graph.js';
import { seededRandom } from '../../src/shared/random.js';
import { accountFacts, DAY } from '../support/account-facts.js';

const HOUR = 3_600_000;

interface Setup {
  /** Facts of the community's members. */
  facts?: (index: number) => Partial<AccountFacts>;
  /** Facts of the background population. */
  population?: (index: number) => Partial<AccountFacts>;
  link?: (builder: LinkageDataBuilder, id: string, index: number) => void;
  linkPopulation?: (builder: LinkageDataBuilder, id: string, index: number) => void;
  members?: number;
  populationSize?: number;
  /** Extra accounts placed in the community (e.g. hangers-on). */
  extra?: Array<{ id: string; facts?: Partial<AccountFacts>; link: (builder: LinkageDataBuilder, id: string) => void }>;
  /** Scoring options beside the defaults. */
  options?: Partial<typeof DEFAULTS>;
}

/** A community of `members` accounts tied by one shared address, beside a background population. */
function scoreOne({ facts = () => ({}), population = () => ({}), link = () => undefined, linkPopulation = () => undefined, members = 12, populationSize = 2000, extra = [], options = {} }: Setup) {
  const builder = new LinkageDataBuilder();
  const ids: string[] = [];
  for (let index = 0; index < members; index += 1) {
    const id = `member-${String(index).padStart(3, '0')}`;
    ids.push(id);
    builder.addAccount({ ...accountFacts(id, index), ...facts(index) });
  }
  for (const hanger of extra) {
    builder.addAccount({ ...accountFacts(hanger.id, 0), ...hanger.facts });
    ids.push(hanger.id);
  }
  for (let index = 0; index < populationSize; index += 1) {
    const id = `benign-${index}`;
    builder.addAccount({ ...accountFacts(id, index + 1000), ...population(index) });
    builder.addUsage('payment', `benign-card-${index}`, id, 1, `card|4${String(index % 40).padStart(5, '0')}`);
    builder.addUsage('prompt', `benign-template-${index % 300}`, id, 5, 'other');
    builder.addUsage('ip', `home-${index}`, id, 5);
    linkPopulation(builder, id, index);
  }
  ids.slice(0, members).forEach((id, index) => {
    builder.addUsage('ip', 'shared-address', id, 3);
    link(builder, id, index);
  });
  for (const hanger of extra) hanger.link(builder, hanger.id);
  const data = builder.build();
  const { graph } = projectLinkageGraph(data, { minEdgeWeight: 0 });
  for (const id of ids) graph.mergeNode(id);
  const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
  const [scored] = scoreCommunities(data, graph, [ids], (id) => index.get(id) as number, seededRandom(1), { largeCommunity: 10_000, peripheralShare: 0, ...options });
  const signal = (name: SignalName | 'organisation') => scored?.signals.find((entry) => entry.name === name);
  const roleOf = (id: string) => scored?.memberEvidence.find((entry) => data.accounts[entry.account]?.accountId === id)?.role;
  return { scored, signal, roleOf };
}

const exclusiveTemplate = (builder: LinkageDataBuilder, id: string) => builder.addUsage('prompt', 'their-template', id, 30, 'other');
const sharedCard = (builder: LinkageDataBuilder, id: string, index: number) => builder.addUsage('payment', `their-card-${Math.floor(index / 6)}`, id, 1, 'prepaid|999999');

/** 500 ordinary accounts, each on its own card and one of 50 everyday templates. */
function addOrdinaryPopulation(builder: LinkageDataBuilder): void {
  for (let index = 0; index < 500; index += 1) {
    builder.addAccount(accountFacts(`benign-${index}`, index + 100));
    builder.addUsage('prompt', `benign-template-${index % 50}`, `benign-${index}`, 5, 'other');
    builder.addUsage('payment', `benign-card-${index}`, `benign-${index}`, 1, 'card|411111');
  }
}

/**
 * `count` operators created in one night, active on the same four days at 3 am, each sending
 * three templates `eventsPerTemplate` times on a card of its own (`cardDetail`); their ids.
 */
function addTemplateOperators(builder: LinkageDataBuilder, count: number, eventsPerTemplate: number, cardDetail: string): string[] {
  const operators = Array.from({ length: count }, (_, index) => `operator-${String(index).padStart(2, '0')}`);
  operators.forEach((id, index) => {
    builder.addAccount({ ...accountFacts(id, index), createdAt: index * HOUR, activeDays: [3, 4, 5, 6], hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour === 3 ? 10 : 0)) });
    for (const template of ['template-a', 'template-b', 'template-c']) builder.addUsage('prompt', template, id, eventsPerTemplate, 'other');
    builder.addUsage('payment', `operator-card-${index}`, id, 1, cardDetail);
  });
  return operators;
}

/**
 * An operation of 20 members on their own template and shared cards, beside an ordinary
 * population; `joiner` carries the template and a card too, `neighbour` only shares a proxy
 * address with one member.
 */
function operationWithNeighbours(joiner: string, neighbour: string): { builder: LinkageDataBuilder; ids: string[] } {
  const builder = new LinkageDataBuilder();
  const ids = Array.from({ length: 20 }, (_, index) => `member-${String(index).padStart(2, '0')}`);
  for (const [index, id] of [...ids, joiner, neighbour].entries()) builder.addAccount(accountFacts(id, index));
  addOrdinaryPopulation(builder);
  [...ids, joiner].forEach((id, index) => {
    exclusiveTemplate(builder, id);
    sharedCard(builder, id, index);
  });
  builder.addUsage('ip', 'proxy-1', 'member-00', 1);
  builder.addUsage('ip', 'proxy-1', neighbour, 1);
  return { builder, ids };
}

/** Each group fully linked within itself by links of the given kinds (KIND_BITS). */
function cliqueGraph(groups: readonly string[][], kinds: number): UndirectedGraph<Record<string, never>, LinkAttributes> {
  const graph = new UndirectedGraph<Record<string, never>, LinkAttributes>();
  for (const ids of groups) {
    for (const id of ids) graph.addNode(id);
    for (let i = 0; i < ids.length; i += 1) for (let j = i + 1; j < ids.length; j += 1) graph.addEdge(ids[i] as string, ids[j] as string, { weight: 1, kinds });
  }
  return graph;
}

/**
 * Scores a campaign (community 0) beside a second community holding `inner` and `ordinary`
 * accounts, which Louvain's second pass divides into those two pieces (a piece margin of 0.55 so
 * the plain threshold and the piece bar lie far apart); the scored groups and the piece holding
 * `inner[0]`.
 */
function scoreWithPiece(builder: LinkageDataBuilder, campaign: string[], inner: string[], ordinary: string[], options: Partial<typeof DEFAULTS> = {}) {
  const data = builder.build();
  const groups = [campaign, [...inner, ...ordinary]];
  const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
  const scored = scoreCommunities(data, cliqueGraph(groups, 12), groups, (id) => index.get(id) as number, seededRandom(1), {
    pieceMargin: 0.55,
    subdivide: () => [inner, ordinary],
    ...options,
  });
  const piece = scored.find((community) => community.parentCommunity === 1 && community.members.includes(index.get(inner[0] as string) as number));
  return { scored, piece };
}

describe('scoreCommunities', () => {
  it.each<{ name: string; signal: SignalName; setup: Setup; strong: boolean }>([
    { name: 'finds a card paying for many members unusual when cards usually pay for one account', signal: 'instrument_fan_out', setup: { link: sharedCard }, strong: true },
    {
      name: 'finds nothing in members paying with common cards of their own',
      signal: 'instrument_fan_out',
      setup: { link: (builder, id, index) => builder.addUsage('payment', `card-${id}`, id, 1, `card|4${String(index).padStart(5, '0')}`) },
      strong: false,
    },
    {
      name: 'finds members whose cards all come from an issuer rare in the data',
      signal: 'issuer_concentration',
      setup: { link: (builder, id) => builder.addUsage('payment', `card-${id}`, id, 1, 'card|777777') },
      strong: true,
    },
    { name: 'finds a small template used only by the group', signal: 'template_exclusivity', setup: { link: exclusiveTemplate }, strong: true },
    {
      name: 'finds nothing in a template the whole population uses',
      signal: 'template_exclusivity',
      setup: { link: (builder, id) => builder.addUsage('prompt', 'popular', id, 30, 'other'), linkPopulation: (builder, id) => builder.addUsage('prompt', 'popular', id, 5, 'other') },
      strong: false,
    },
    { name: 'finds a sign-up burst when the population signs up over years', signal: 'creation_burst', setup: { facts: (index) => ({ createdAt: index * HOUR }) }, strong: true },
    {
      name: 'finds nothing in a sign-up day that a fifth of all accounts share',
      signal: 'creation_burst',
      setup: { facts: () => ({ createdAt: 0 }), population: (index) => (index % 5 === 0 ? { createdAt: HOUR } : {}) },
      strong: false,
    },
    {
      name: 'finds members used right after sign-up unusual when few accounts are',
      signal: 'fresh_accounts',
      setup: { facts: (index) => ({ createdAt: index * 30 * DAY, firstEventAt: index * 30 * DAY + HOUR }) },
      strong: true,
    },
    { name: 'finds a high share of extraction-like events against a population without any', signal: 'extraction_prompts', setup: { facts: () => ({ extractionEvents: 16 }) }, strong: true },
    { name: 'finds a high output token share against the population', signal: 'output_token_share', setup: { facts: () => ({ inputTokens: 200, outputTokens: 1800 }) }, strong: true },
    { name: 'finds members active on the same days', signal: 'lockstep_activity', setup: { facts: () => ({ activeDays: [3, 4, 5, 6, 7, 8] }) }, strong: true },
    {
      name: 'finds members active in the same hours',
      signal: 'behaviour_uniformity',
      setup: { facts: () => ({ hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour === 3 ? 10 : 0)) }) },
      strong: true,
    },
    { name: 'finds members sharing two rare addresses', signal: 'shared_rare_addresses', setup: { link: (builder, id) => builder.addUsage('ip', 'second-shared-address', id, 1) }, strong: true },
    {
      name: 'finds members on several rarely used addresses that hardly anyone else uses (a rented proxy pool)',
      signal: 'held_addresses',
      setup: { link: (builder, id, index) => builder.addUsage('ip', `proxy-exit-${index % 4}`, id, 2) },
      strong: true,
    },
    { name: 'finds nothing in one address a household holds', signal: 'held_addresses', setup: {}, strong: false },
    {
      name: 'finds nothing in rarely used addresses most of whose users are outside the group',
      signal: 'held_addresses',
      setup: {
        link: (builder, id, index) => builder.addUsage('ip', `busy-exit-${index % 4}`, id, 2),
        linkPopulation: (builder, id, index) => (index < 40 ? builder.addUsage('ip', `busy-exit-${index % 4}`, id, 2) : undefined),
      },
      strong: false,
    },
    {
      name: 'finds members rotating through many addresses',
      signal: 'address_rotation',
      setup: { link: (builder, id) => Array.from({ length: 20 }, (_, octet) => builder.addUsage('ip', `own-${id}-${octet}`, id, 1)) },
      strong: true,
    },
    {
      name: 'finds members sending one template only',
      signal: 'template_monotony',
      setup: {
        link: (builder, id) => builder.addUsage('prompt', `own-template-${id}`, id, 40, 'other'),
        linkPopulation: (builder, id, index) => builder.addUsage('prompt', `second-template-${index % 301}`, id, 5, 'other'),
      },
      strong: true,
    },
  ])('$name', ({ signal, setup, strong }) => {
    const strength = scoreOne(setup).signal(signal)?.strength ?? -1;
    if (strong) expect(strength).toBeGreaterThan(0.5);
    else expect(strength).toBeLessThan(0.05);
  });

  it('gives full template exclusivity to a group sending six of ten prompts on its own template beside everyday cover traffic, while each member’s own evidence asks for more', () => {
    const withCoverTraffic = (options: Partial<typeof DEFAULTS>) =>
      scoreOne({
        link: (builder, id, index) => {
          builder.addUsage('prompt', 'their-template', id, 18, 'other');
          builder.addUsage('prompt', `benign-template-${index % 300}`, id, 12, 'other');
        },
        options,
      });
    const atDefaults = withCoverTraffic({});
    expect(atDefaults.signal('template_exclusivity')?.value).toBeCloseTo(0.6, 2);
    expect(atDefaults.signal('template_exclusivity')?.strength).toBeGreaterThan(0.99);
    expect(withCoverTraffic({ fullExclusivity: 0.8 }).signal('template_exclusivity')?.strength).toBeCloseTo(0.75, 2);
    // A member's own evidence reads its share against fullMemberExclusivity (0.8 by default).
    const memberScore = (options: Partial<typeof DEFAULTS>) => withCoverTraffic(options).scored?.memberEvidence[0]?.score ?? 0;
    expect(memberScore({ fullMemberExclusivity: 0.6 })).toBeGreaterThan(memberScore({}));
  });

  it('scores a population-wide artefact near zero: a sign-up day and first use a fifth of all accounts share', () => {
    const artefact = scoreOne({
      facts: () => ({ createdAt: 0, firstEventAt: HOUR }),
      population: (index) => (index % 5 === 0 ? { createdAt: HOUR, firstEventAt: 2 * HOUR } : {}),
    });
    expect(artefact.signal('creation_burst')?.background).toBeGreaterThan(0.15);
    expect(artefact.signal('creation_burst')?.strength).toBeLessThan(0.05);
    expect(artefact.signal('fresh_accounts')?.strength).toBeLessThan(0.05);
    expect(artefact.scored?.isCampaign).toBe(false);
  });

  it('counts a group created in two waves days apart as one burst, and a lone sign-up beside one wave as no second wave', () => {
    // The population signs up evenly over 400 days; the members in two waves of six hours, 20 days apart.
    const twoWaves = scoreOne({ members: 20, facts: (index) => ({ createdAt: (index % 2) * 20 * DAY + index * 600_000 }) });
    expect(twoWaves.signal('creation_burst')?.value).toBe(1);
    const oneWave = scoreOne({ members: 20, facts: (index) => ({ createdAt: index < 10 ? index * 600_000 : -400 * DAY + index * 30 * DAY }) });
    expect(oneWave.signal('creation_burst')?.value).toBe(0.5);
  });

  it('compares a group with the accounts outside it: its own issuer is not common because the group is large', () => {
    // 150 members on their own cards from one odd issuer beside 1,000 others: inside the whole
    // data the issuer is 13 % of accounts (a common trait, discounted), outside the group none.
    const { signal } = scoreOne({ members: 150, populationSize: 1000, link: (builder, id) => builder.addUsage('payment', `own-card-${id}`, id, 1, 'card|777777') });
    expect(signal('issuer_concentration')?.background).toBe(0);
    expect(signal('issuer_concentration')?.strength).toBe(1);
  });

  it('reports no community on timing signals alone, however strong', () => {
    const timing = scoreOne({
      facts: (index) => ({ createdAt: index * HOUR, firstEventAt: index * HOUR + HOUR, activeDays: [3, 4, 5, 6], hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour === 3 ? 10 : 0)) }),
    });
    expect(timing.signal('creation_burst')?.strength).toBeGreaterThan(0.5);
    expect(timing.scored?.isCampaign).toBe(false);
  });

  it('reports a low-volume campaign with unknown wording, a few cards and spread sign-ups', () => {
    const { scored } = scoreOne({
      link: (builder, id, index) => {
        exclusiveTemplate(builder, id);
        sharedCard(builder, id, index);
      },
      members: 24,
    });
    expect(scored?.isCampaign).toBe(true);
    expect(scored?.memberCount).toBe(24);
  });

  it('keeps VPN users who share only the campaign’s busy exit as associated, not members', () => {
    const vpnUsers = Array.from({ length: 8 }, (_, index) => ({
      id: `vpn-${index}`,
      facts: { createdAt: -300 * DAY + index * 20 * DAY },
      link: (builder: LinkageDataBuilder, id: string) => builder.addUsage('ip', 'shared-address', id, 2),
    }));
    const { scored, roleOf } = scoreOne({
      link: (builder, id, index) => {
        exclusiveTemplate(builder, id);
        sharedCard(builder, id, index);
      },
      members: 24,
      extra: vpnUsers,
    });
    expect(scored?.isCampaign).toBe(true);
    expect(roleOf('vpn-0')).toBe('associated');
    expect(roleOf('member-000')).toBe('member');
    expect(scored?.memberCount).toBe(24);
    expect(scored?.associatedCount).toBe(8);
    // Members rank above the associated accounts by their own score.
    const lastMember = scored?.memberEvidence.filter((entry) => entry.role === 'member').at(-1)?.score ?? 0;
    const firstAssociated = scored?.memberEvidence.find((entry) => entry.role === 'associated')?.score ?? 1;
    expect(lastMember).toBeGreaterThan(firstAssociated);
  });

  it('keeps a family on a card and a home of its own as associated beside a campaign paying from the same issuer, and a quiet account on the campaign’s card as a member', () => {
    const family = Array.from({ length: 5 }, (_, index) => ({
      id: `family-${index}`,
      link: (builder: LinkageDataBuilder, id: string) => {
        builder.addUsage('payment', 'family-card', id, 1, 'prepaid|999999');
        builder.addUsage('ip', 'family-home', id, 20);
      },
    }));
    const quiet = {
      id: 'quiet-operator',
      link: (builder: LinkageDataBuilder, id: string) => {
        builder.addUsage('payment', 'their-card-0', id, 1, 'prepaid|999999');
        builder.addUsage('ip', 'shared-address', id, 3);
      },
    };
    const { scored, roleOf } = scoreOne({
      link: (builder, id, index) => {
        exclusiveTemplate(builder, id);
        sharedCard(builder, id, index);
      },
      members: 24,
      extra: [...family, quiet],
    });
    expect(scored?.isCampaign).toBe(true);
    for (const { id } of family) expect(roleOf(id), id).toBe('associated');
    expect(roleOf('quiet-operator')).toBe('member');
    expect(roleOf('member-000')).toBe('member');
    // Its own ties are still shown: the analyst sees why it was looked at.
    const familyTies = scored?.memberEvidence.find((entry) => entry.role === 'associated' && entry.ties.includes('payment:family-card'))?.ties ?? [];
    expect(familyTies).toContain('ip:family-home');
  });

  it('leaves a family alone in its community to be judged as a whole: with nothing of an operation beside it, its card and home still tie its members', () => {
    const { scored, roleOf } = scoreOne({
      facts: (index) => ({ createdAt: -300 * DAY + index * 40 * DAY }),
      link: (builder, id) => {
        builder.addUsage('payment', 'family-card', id, 1, 'card|400000');
        builder.addUsage('ip', 'family-home', id, 20);
      },
      // Families of five are common in this population: the family's card is no operator's.
      linkPopulation: (builder, id, index) => (index < 1000 ? builder.addUsage('payment', `population-family-card-${Math.floor(index / 5)}`, id, 1, 'card|400001') : undefined),
      members: 5,
      options: { threshold: 0, minAccounts: 3 },
    });
    expect(scored?.memberEvidence.every((entry) => !entry.ties.includes('burst') && !entry.ties.some((tie) => tie.startsWith('prompt:')))).toBe(true);
    expect(roleOf('member-000')).toBe('member');
    expect(scored?.isCampaign).toBe(true);
  });

  it('keeps VPN users who share the exit and a sign-up burst, but nothing of the operator’s own, as associated', () => {
    const promotion = Array.from({ length: 10 }, (_, index) => ({
      id: `promo-${index}`,
      facts: { createdAt: 5 * DAY + index * HOUR },
      link: (builder: LinkageDataBuilder, id: string) => builder.addUsage('ip', 'shared-address', id, 2),
    }));
    const { roleOf, scored } = scoreOne({
      link: (builder, id, index) => (exclusiveTemplate(builder, id), sharedCard(builder, id, index)),
      facts: (index) => ({ createdAt: 5 * DAY + index * HOUR }),
      members: 24,
      extra: promotion,
    });
    expect(scored?.isCampaign).toBe(true);
    expect(roleOf('promo-0')).toBe('associated');
    expect(scored?.memberEvidence.find((entry) => entry.role === 'associated')?.ties).toContain('burst');
  });

  it('takes an account created in the operation’s wave that acts like its members on most of the evidence as a member without a template or card tie; not a student who signed up that night', () => {
    // An operation on VPN exits, each account on a card of its own, whose templates mostly land in
    // everyday fingerprints: its wave, its clock and its address rotation are most of its evidence.
    const operatorFacts = (index: number): Partial<AccountFacts> => ({
      createdAt: 5 * DAY + index * HOUR,
      activeDays: [3, 4, 5, 6, 7, 8],
      hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour === 3 || hour === 4 ? 10 : 0)),
    });
    const rotate = (builder: LinkageDataBuilder, id: string) => {
      for (let address = 0; address < 40; address += 1) builder.addUsage('ip', `${id}-exit-${address}`, id, 1);
    };
    const waveAccounts = [
      {
        id: 'wave-operator',
        facts: operatorFacts(30),
        link: (builder: LinkageDataBuilder, id: string) => {
          builder.addUsage('ip', 'shared-address', id, 2);
          rotate(builder, id);
          builder.addUsage('prompt', 'benign-template-7', id, 8, 'other');
        },
      },
      {
        id: 'wave-student',
        facts: { createdAt: 5 * DAY + 31 * HOUR },
        link: (builder: LinkageDataBuilder, id: string) => {
          builder.addUsage('ip', 'shared-address', id, 2);
          builder.addUsage('prompt', 'benign-template-8', id, 8, 'other');
        },
      },
    ];
    const setup = {
      link: (builder: LinkageDataBuilder, id: string, index: number) => {
        rotate(builder, id);
        builder.addUsage('prompt', 'their-template', id, 3, 'other');
        builder.addUsage('prompt', `benign-template-${index % 300}`, id, 5, 'other');
        builder.addUsage('payment', `own-card-${index}`, id, 1, 'card|400001');
      },
      facts: operatorFacts,
      members: 24,
      extra: waveAccounts,
    };
    const { scored, roleOf } = scoreOne(setup);
    expect(scored?.isCampaign).toBe(true);
    expect(roleOf('member-000')).toBe('member');
    expect(roleOf('wave-operator')).toBe('member');
    expect(roleOf('wave-student')).toBe('associated');
    expect(scoreOne({ ...setup, options: { waveMemberShare: 0 } }).roleOf('wave-operator')).toBe('associated');
    // The same accounts with no templates of the group's own (VPN users sharing a campaign's exits
    // and clock): nothing of an operation is in the group, and each carries all of its traits.
    const withoutTemplates = scoreOne({
      ...setup,
      link: (builder: LinkageDataBuilder, id: string, index: number) => {
        rotate(builder, id);
        builder.addUsage('prompt', `benign-template-${index % 300}`, id, 8, 'other');
        builder.addUsage('payment', `own-card-${index}`, id, 1, 'card|400001');
      },
    });
    expect(withoutTemplates.signal('template_exclusivity')?.contribution).toBe(0);
    expect(withoutTemplates.roleOf('wave-operator')).toBe('associated');
  });

  it('keeps a busy fleet on the campaign’s cloud addresses, paying with its own card and sending little of what the members send, as associated', () => {
    const fleet = Array.from({ length: 5 }, (_, index) => ({
      id: `fleet-${index}`,
      link: (builder: LinkageDataBuilder, id: string) => {
        builder.addUsage('ip', 'shared-address', id, 40);
        builder.addUsage('payment', 'fleet-card', id, 1, 'card|411111');
        // Its pipeline prompt is an everyday one a hundred other accounts send too: not the
        // campaign's; a tenth of its prompts are the generic ones the members send as cover.
        builder.addUsage('prompt', 'everyday-prompt', id, 40, 'other');
        builder.addUsage('prompt', 'cover-prompt', id, 4, 'other');
      },
    }));
    const setup = {
      link: (builder: LinkageDataBuilder, id: string, index: number) => (exclusiveTemplate(builder, id), sharedCard(builder, id, index), builder.addUsage('prompt', 'cover-prompt', id, 3, 'other')),
      linkPopulation: (builder: LinkageDataBuilder, id: string, index: number) => (index < 100 ? builder.addUsage('prompt', 'everyday-prompt', id, 3, 'other') : undefined),
      members: 24,
      extra: fleet,
    };
    const { scored, roleOf } = scoreOne(setup);
    expect(scored?.isCampaign).toBe(true);
    expect(roleOf('fleet-0')).toBe('associated');
    expect(scored?.memberCount).toBe(24);
    expect(scored?.associatedCount).toBe(5);
    // The campaign's address and the fleet's shared card alone would make it members.
    expect(scoreOne({ ...setup, options: { offTemplateChance: 0 } }).roleOf('fleet-0')).toBe('member');
  });

  it('keeps a member that sends a few prompts beside the templates, none of them the templates: chance explains it', () => {
    const quiet = [
      {
        id: 'quiet-member',
        link: (builder: LinkageDataBuilder, id: string) => (builder.addUsage('ip', 'shared-address', id, 3), sharedCard(builder, id, 0), builder.addUsage('prompt', 'everyday-prompt', id, 2, 'other')),
      },
    ];
    const { roleOf } = scoreOne({
      link: (builder, id, index) => (exclusiveTemplate(builder, id), sharedCard(builder, id, index)),
      linkPopulation: (builder, id, index) => (index < 100 ? builder.addUsage('prompt', 'everyday-prompt', id, 3, 'other') : undefined),
      members: 24,
      extra: quiet,
    });
    expect(roleOf('quiet-member')).toBe('member');
  });

  it('keeps a busy member whose prompts are all on a fingerprint the template senders send too, though too widely shared to be theirs', () => {
    const busy = [
      {
        id: 'busy-member',
        link: (builder: LinkageDataBuilder, id: string) => (
          builder.addUsage('ip', 'shared-address', id, 3),
          sharedCard(builder, id, 0),
          builder.addUsage('prompt', 'everyday-prompt', id, 40, 'other')
        ),
      },
    ];
    const setup = {
      // Three members send the everyday prompt beside their template; a hundred other accounts send it too.
      link: (builder: LinkageDataBuilder, id: string, index: number) => (
        exclusiveTemplate(builder, id),
        sharedCard(builder, id, index),
        index < 3 ? builder.addUsage('prompt', 'everyday-prompt', id, 2, 'other') : undefined
      ),
      linkPopulation: (builder: LinkageDataBuilder, id: string, index: number) => (index < 100 ? builder.addUsage('prompt', 'everyday-prompt', id, 3, 'other') : undefined),
      members: 24,
      extra: busy,
    };
    expect(scoreOne(setup).roleOf('busy-member')).toBe('member');
    // Without the members' use of it, the same account sends nothing the operation sends.
    expect(scoreOne({ ...setup, link: (builder, id, index) => (exclusiveTemplate(builder, id), sharedCard(builder, id, index)) }).roleOf('busy-member')).toBe('associated');
  });

  it('takes a loosely linked account back as a member when it carries the operator’s own card and templates', () => {
    const { builder, ids } = operationWithNeighbours('late-joiner', 'loose-neighbour');
    const data = builder.build();
    // The graph holds the late joiner and the neighbour by one faint link each: both are trimmed as loose.
    const graph = cliqueGraph([ids], 8);
    for (const id of ['late-joiner', 'loose-neighbour']) graph.addNode(id);
    graph.addEdge('member-00', 'late-joiner', { weight: 0.01, kinds: 4 });
    graph.addEdge('member-00', 'loose-neighbour', { weight: 0.01, kinds: 1 });
    const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
    const [scored] = scoreCommunities(data, graph, [[...ids, 'late-joiner', 'loose-neighbour']], (id) => index.get(id) as number, seededRandom(1));
    const entryOf = (id: string) => scored?.memberEvidence.find((entry) => data.accounts[entry.account]?.accountId === id);
    expect(scored?.isCampaign).toBe(true);
    expect(entryOf('late-joiner')).toMatchObject({ role: 'member' });
    expect(entryOf('loose-neighbour')).toBeUndefined();
    expect(scored?.peripheralAccounts).toBe(1);
    expect(scored?.memberCount).toBe(21);
  });

  it('recruits an account with no links when it carries the operator’s card and templates; or its templates and a member’s address; leaves out a neighbour on one address, a one-off user of the template, a student sending only the template and a member’s family on its card', () => {
    const { builder, ids } = operationWithNeighbours('unlinked-operator-account', 'unlinked-neighbour');
    // A one-off user whose single prompt falls into the campaign's fingerprint.
    builder.addAccount(accountFacts('one-off-user', 30));
    builder.addUsage('prompt', 'their-template', 'one-off-user', 1, 'other');
    // A student whose homework prompts fall into the campaign's fingerprint: templates, nothing else.
    builder.addAccount(accountFacts('student', 31));
    builder.addUsage('prompt', 'their-template', 'student', 3, 'other');
    // A campaign account on its own card that sends the templates through a proxy the members use.
    builder.addAccount(accountFacts('proxied-operator-account', 32));
    builder.addUsage('prompt', 'their-template', 'proxied-operator-account', 3, 'other');
    builder.addUsage('payment', 'own-card', 'proxied-operator-account', 1, 'card|411111');
    for (const id of ['member-01', 'member-02', 'proxied-operator-account']) builder.addUsage('ip', 'proxy-2', id, 1);
    // A member's family: three more accounts on the member's own family card.
    for (const id of ['family-1', 'family-2', 'family-3']) builder.addAccount(accountFacts(id, 40));
    for (const id of ['member-05', 'family-1', 'family-2', 'family-3']) builder.addUsage('payment', 'family-card', id, 1, 'card|411111');
    const data = builder.build();
    // None of them is in the graph: their links were too faint to keep.
    const graph = cliqueGraph([ids], 8);
    const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
    const [scored] = scoreCommunities(data, graph, [ids], (id) => index.get(id) as number, seededRandom(1));
    const entryOf = (id: string) => scored?.memberEvidence.find((entry) => data.accounts[entry.account]?.accountId === id);
    expect(scored?.isCampaign).toBe(true);
    expect(entryOf('unlinked-operator-account')).toMatchObject({ role: 'member' });
    expect(entryOf('unlinked-operator-account')?.ties).toEqual(expect.arrayContaining(['payment:their-card-3', 'prompt:their-template']));
    expect(entryOf('unlinked-neighbour')).toBeUndefined();
    expect(entryOf('one-off-user')).toBeUndefined();
    expect(entryOf('student')).toBeUndefined();
    expect(entryOf('proxied-operator-account')).toMatchObject({ role: 'member', ties: expect.arrayContaining(['ip:proxy-2', 'prompt:their-template']) });
    expect(entryOf('family-1')).toBeUndefined();
    expect(scored?.unlinkedMembers).toBe(2);
    expect(scored?.memberCount).toBe(22);
  });

  it('recruits an account with no links on templates alone when it sends many of the fingerprints the operation renders its templates into, not a student whose homework falls into two of them', () => {
    const run = (options: Partial<typeof DEFAULTS>) => {
      const builder = new LinkageDataBuilder();
      const ids = Array.from({ length: 20 }, (_, index) => `member-${String(index).padStart(2, '0')}`);
      const renders = Array.from({ length: 8 }, (_, index) => `render-${index}`);
      for (const [index, id] of [...ids, 'unlinked-operator-account', 'student'].entries()) builder.addAccount(accountFacts(id, index));
      addOrdinaryPopulation(builder);
      // Each member sends six of the eight renders, three prompts each, and little else.
      ids.forEach((id, index) => {
        for (let step = 0; step < 6; step += 1) builder.addUsage('prompt', renders[(index + step) % renders.length] as string, id, 3, 'other');
        builder.addUsage('prompt', `benign-template-${index % 50}`, id, 2, 'other');
      });
      // On its own address and card, outside the graph: six renders, some everyday prompts.
      for (const render of renders.slice(0, 6)) builder.addUsage('prompt', render, 'unlinked-operator-account', 2, 'other');
      builder.addUsage('prompt', 'benign-template-7', 'unlinked-operator-account', 6, 'other');
      // A student whose homework lands in two renders, as strongly.
      for (const render of renders.slice(0, 2)) builder.addUsage('prompt', render, 'student', 6, 'other');
      builder.addUsage('prompt', 'benign-template-8', 'student', 6, 'other');
      const data = builder.build();
      const graph = cliqueGraph([ids], 8);
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      const [scored] = scoreCommunities(data, graph, [ids], (id) => index.get(id) as number, seededRandom(1), options);
      return (id: string) => scored?.memberEvidence.find((entry) => data.accounts[entry.account]?.accountId === id);
    };
    const entryOf = run({});
    expect(entryOf('unlinked-operator-account')).toMatchObject({ role: 'member' });
    expect(entryOf('student')).toBeUndefined();
    expect(run({ outsiderTemplateBreadth: 0 })('unlinked-operator-account')).toBeUndefined();
  });

  it('recruits the faint accounts on cards that pay for dozens of accounts whatever share of the evidence they carry, also where members hold a third of a card; not a member’s family on its card', () => {
    const run = (options: Partial<typeof DEFAULTS>) => {
      const builder = new LinkageDataBuilder();
      const ids = Array.from({ length: 24 }, (_, index) => `member-${String(index).padStart(2, '0')}`);
      const faintOnA = Array.from({ length: 8 }, (_, index) => `faint-a-${index}`);
      const faintOnB = Array.from({ length: 16 }, (_, index) => `faint-b-${index}`);
      const family = ['family-1', 'family-2', 'family-3'];
      // The members signed up one night and act in lockstep: much evidence beside their cards.
      ids.forEach((id, index) =>
        builder.addAccount({
          ...accountFacts(id, index),
          createdAt: index * 600_000,
          firstEventAt: DAY,
          activeDays: [1, 2, 3],
          hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour < 6 ? 1 : 0)),
        }),
      );
      // The faint accounts keep hours and days of their own: nothing of the members' clock carries them.
      [...faintOnA, ...faintOnB, ...family].forEach((id, index) =>
        builder.addAccount({ ...accountFacts(id, index + 60), activeDays: [20 + (index % 5)], hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour >= 12 ? 1 : 0)) }),
      );
      addOrdinaryPopulation(builder);
      // Enough cards that two paying for 24 accounts each are rarer than one in a thousand; families
      // of four sharing a card are ordinary.
      for (let index = 0; index < 2000; index += 1) {
        builder.addAccount(accountFacts(`card-holder-${index}`, index));
        builder.addUsage('payment', index < 80 ? `household-card-${Math.floor(index / 4)}` : `holder-card-${index}`, `card-holder-${index}`, 1, 'card|411111');
      }
      // Card A pays for 16 members and 8 faint accounts, card B for 8 members and 16: both fan out
      // as no card of the population does.
      ids.forEach((id, index) => {
        exclusiveTemplate(builder, id);
        builder.addUsage('prompt', 'benign-template-1', id, 2, 'other');
        builder.addUsage('payment', index < 16 ? 'card-a' : 'card-b', id, 1, 'card|411111');
      });
      // The faint accounts, outside the graph, send a few everyday prompts and nothing of the members'.
      for (const id of faintOnA) builder.addUsage('payment', 'card-a', id, 1, 'card|411111');
      for (const id of faintOnB) builder.addUsage('payment', 'card-b', id, 1, 'card|411111');
      [...faintOnA, ...faintOnB, ...family].forEach((id, index) => builder.addUsage('prompt', `benign-template-${10 + (index % 40)}`, id, 3, 'other'));
      for (const id of ['member-00', ...family]) builder.addUsage('payment', 'family-card', id, 1, 'card|411111');
      const data = builder.build();
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      const [scored] = scoreCommunities(data, cliqueGraph([ids], 8), [ids], (id) => index.get(id) as number, seededRandom(1), options);
      expect(scored?.isCampaign).toBe(true);
      const members = new Set(scored?.memberEvidence.filter((entry) => entry.role === 'member').map((entry) => data.accounts[entry.account]?.accountId));
      return { onA: faintOnA.filter((id) => members.has(id)).length, onB: faintOnB.filter((id) => members.has(id)).length, family: family.filter((id) => members.has(id)).length };
    };
    expect(run({})).toEqual({ onA: 8, onB: 16, family: 0 });
    expect(run({ operatorCardShare: 0 })).toEqual({ onA: 0, onB: 0, family: 0 });
  });

  it('counts the first round’s recruits with the members in a second round: a template and a proxy exit the operation holds only with them recruit its fainter accounts', () => {
    const build = () => {
      const { builder, ids } = operationWithNeighbours('unused-joiner', 'unused-neighbour');
      // A second template three members send, beside five faint accounts paying with the operator's
      // cards and two fainter ones on their own cards; two of the first and both of the second share a proxy exit.
      for (const id of ['member-00', 'member-01', 'member-02']) builder.addUsage('prompt', 'second-template', id, 3, 'other');
      const firstWave = ['faint-1', 'faint-2', 'faint-3', 'faint-4', 'faint-5'];
      const secondWave = ['fainter-1', 'fainter-2'];
      for (const [index, id] of [...firstWave, ...secondWave].entries()) builder.addAccount(accountFacts(id, 50 + index));
      firstWave.forEach((id, index) => {
        builder.addUsage('prompt', 'their-template', id, 2, 'other');
        builder.addUsage('prompt', 'second-template', id, 3, 'other');
        sharedCard(builder, id, index);
      });
      for (const id of secondWave) {
        builder.addUsage('prompt', 'second-template', id, 3, 'other');
        builder.addUsage('payment', `own-card-${id}`, id, 1, 'card|411111');
      }
      for (const id of ['faint-1', 'faint-2', ...secondWave]) builder.addUsage('ip', 'proxy-3', id, 2);
      return { data: builder.build(), ids };
    };
    const recruitedWith = (recruitRounds: number) => {
      const { data, ids } = build();
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      const [scored] = scoreCommunities(data, cliqueGraph([ids], 8), [ids], (id) => index.get(id) as number, seededRandom(1), { recruitRounds });
      return (scored?.memberEvidence ?? [])
        .filter((entry) => entry.role === 'member')
        .map((entry) => data.accounts[entry.account]?.accountId ?? '')
        .filter((id) => id.startsWith('faint'));
    };
    expect(recruitedWith(1).sort()).toEqual(['faint-1', 'faint-2', 'faint-3', 'faint-4', 'faint-5']);
    expect(recruitedWith(2).sort()).toEqual(['faint-1', 'faint-2', 'faint-3', 'faint-4', 'faint-5', 'fainter-1', 'fainter-2']);
  });

  it('recruits an unlinked account on the templates and the operation’s own sign-up night, not on a night a whole class of linked accounts signed up too', () => {
    const latecomer = (classmates: number) => {
      const builder = new LinkageDataBuilder();
      const ids = Array.from({ length: 20 }, (_, index) => `member-${String(index).padStart(2, '0')}`);
      const night = (index: number) => ({ createdAt: index * 600_000, firstEventAt: DAY });
      ids.forEach((id, index) => builder.addAccount({ ...accountFacts(id, index), ...night(index) }));
      builder.addAccount({ ...accountFacts('unlinked-account', 21), ...night(21) });
      for (let index = 0; index < classmates; index += 1) builder.addAccount({ ...accountFacts(`classmate-${index}`, index), ...night(index) });
      addOrdinaryPopulation(builder);
      ids.forEach((id, index) => {
        exclusiveTemplate(builder, id);
        sharedCard(builder, id, index);
      });
      builder.addUsage('prompt', 'their-template', 'unlinked-account', 3, 'other');
      const data = builder.build();
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      // The class is linked among itself (one campus address), a community of its own.
      const classIds = Array.from({ length: classmates }, (_, at) => `classmate-${at}`);
      const groups = classmates > 0 ? [ids, classIds] : [ids];
      const [scored] = scoreCommunities(data, cliqueGraph(groups, 8), groups, (id) => index.get(id) as number, seededRandom(1));
      expect(scored?.isCampaign).toBe(true);
      return scored?.memberEvidence.find((entry) => data.accounts[entry.account]?.accountId === 'unlinked-account');
    };
    expect(latecomer(0)).toMatchObject({ role: 'member', ties: expect.arrayContaining(['burst', 'prompt:their-template']) });
    expect(latecomer(40)).toBeUndefined();
  });

  it('recruits an unlinked account that sent one template in its life when it also came through one of the operation’s exits in its sign-up wave; not with only two of the three', () => {
    const lowVolume = ({ inWave, onExit }: { inWave: boolean; onExit: boolean }) => {
      const builder = new LinkageDataBuilder();
      const ids = Array.from({ length: 20 }, (_, index) => `member-${String(index).padStart(2, '0')}`);
      const night = (index: number) => ({ createdAt: index * 600_000, firstEventAt: DAY });
      ids.forEach((id, index) => builder.addAccount({ ...accountFacts(id, index), ...night(index) }));
      builder.addAccount({ ...accountFacts('low-volume-account', 21), ...(inWave ? night(21) : { createdAt: 40 * DAY, firstEventAt: 41 * DAY }) });
      addOrdinaryPopulation(builder);
      ids.forEach((id, index) => {
        exclusiveTemplate(builder, id);
        sharedCard(builder, id, index);
      });
      // One prompt, on the template, through a proxy exit two members use (or its own address).
      builder.addUsage('prompt', 'their-template', 'low-volume-account', 1, 'other');
      for (const id of ['member-01', 'member-02', ...(onExit ? ['low-volume-account'] : [])]) builder.addUsage('ip', 'proxy-exit', id, 1);
      if (!onExit) builder.addUsage('ip', 'own-address', 'low-volume-account', 1);
      const data = builder.build();
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      const [scored] = scoreCommunities(data, cliqueGraph([ids], 8), [ids], (id) => index.get(id) as number, seededRandom(1));
      expect(scored?.isCampaign).toBe(true);
      return scored?.memberEvidence.find((entry) => data.accounts[entry.account]?.accountId === 'low-volume-account');
    };
    expect(lowVolume({ inWave: true, onExit: true })).toMatchObject({ role: 'member', ties: expect.arrayContaining(['burst', 'ip:proxy-exit', 'prompt:their-template']) });
    expect(lowVolume({ inWave: false, onExit: true })).toBeUndefined();
    expect(lowVolume({ inWave: true, onExit: false })).toBeUndefined();
  });

  it('holds a template whose other senders are outside the linkage graph and send mostly the group’s prompts, not one whose other senders send mostly their own', () => {
    const exclusivityOf = (ownPromptsOfOthers: number, options: Partial<typeof DEFAULTS> = {}) => {
      const builder = new LinkageDataBuilder();
      const ids = Array.from({ length: 20 }, (_, index) => `member-${String(index).padStart(2, '0')}`);
      const quiet = Array.from({ length: 15 }, (_, index) => `quiet-${String(index).padStart(2, '0')}`);
      for (const [index, id] of [...ids, ...quiet].entries()) builder.addAccount(accountFacts(id, index));
      addOrdinaryPopulation(builder);
      for (const id of ids) builder.addUsage('prompt', 'their-template', id, 6, 'other');
      // Fifteen more senders of the template with no link strong enough to be in the graph.
      for (const id of quiet) {
        builder.addUsage('prompt', 'their-template', id, 3, 'other');
        if (ownPromptsOfOthers > 0) builder.addUsage('prompt', `own-prompt-${id}`, id, ownPromptsOfOthers, 'other');
      }
      const data = builder.build();
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      const [scored] = scoreCommunities(data, cliqueGraph([ids], 8), [ids], (id) => index.get(id) as number, seededRandom(1), options);
      return scored?.signals.find((signal) => signal.name === 'template_exclusivity')?.value ?? -1;
    };
    // Three of four prompts the template: the group's low-volume accounts, whoever links them.
    expect(exclusivityOf(1)).toBe(1);
    // Three of fifteen: users of a template with lives of their own hold 15 of its 35 senders.
    expect(exclusivityOf(12)).toBe(0);
    expect(exclusivityOf(1, { unlinkedClaimShare: 0 })).toBe(0);
  });

  it('recruits from a community left unreported the accounts carrying the campaign’s card and templates, not its own users who send the template alone or with one more kind of tie', () => {
    // Community 0: a campaign on its template and shared cards. Community 1: ordinary accounts and
    // three of the campaign's accounts that Louvain put beside them; it is not reported itself.
    const builder = new LinkageDataBuilder();
    const campaign = Array.from({ length: 20 }, (_, index) => `campaign-${String(index).padStart(2, '0')}`);
    const strays = ['stray-0', 'stray-1', 'stray-2'];
    const ordinary = Array.from({ length: 30 }, (_, index) => `ordinary-${String(index).padStart(2, '0')}`);
    for (const [index, id] of [...campaign, ...strays, ...ordinary].entries()) builder.addAccount(accountFacts(id, index));
    addOrdinaryPopulation(builder);
    campaign.forEach((id, index) => {
      exclusiveTemplate(builder, id);
      sharedCard(builder, id, index);
    });
    // The strays carry the campaign's template and one of its cards; one ordinary user also sends
    // the template (a student who found it), on a card of its own.
    strays.forEach((id) => {
      exclusiveTemplate(builder, id);
      sharedCard(builder, id, 0);
    });
    ordinary.forEach((id, index) => {
      if (id !== 'ordinary-01') builder.addUsage('prompt', `benign-template-${index % 50}`, id, 40, 'other');
      builder.addUsage('payment', `ordinary-card-${index}`, id, 1, 'card|411111');
    });
    exclusiveTemplate(builder, 'ordinary-00');
    // Another sends the template from an address four campaign accounts use: two kinds of tie,
    // enough for an account no community holds, not for one another group holds.
    exclusiveTemplate(builder, 'ordinary-01');
    for (const id of [...campaign.slice(0, 4), 'ordinary-01']) builder.addUsage('ip', 'campaign-address', id, 2);
    const data = builder.build();
    const groups = [campaign, [...strays, ...ordinary]];
    const graph = cliqueGraph(groups, 12);
    const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
    const scored = scoreCommunities(data, graph, groups, (id) => index.get(id) as number, seededRandom(1), { subdivide: () => [] });
    const [reported, unreported] = scored;
    expect(reported?.isCampaign).toBe(true);
    expect(unreported?.isCampaign).toBe(false);
    const memberIds = reported?.memberEvidence.filter((entry) => entry.role === 'member').map((entry) => data.accounts[entry.account]?.accountId);
    expect(memberIds).toEqual(expect.arrayContaining(strays));
    expect(memberIds).not.toContain('ordinary-00');
    expect(memberIds).not.toContain('ordinary-01');
    expect(reported?.memberCount).toBe(23);
    expect(reported?.membersFromOtherGroups).toBe(3);
    expect(reported?.memberEvidence.find((entry) => data.accounts[entry.account]?.accountId === 'stray-0')?.ties).toEqual(expect.arrayContaining(['payment:their-card-0', 'prompt:their-template']));
  });

  it('reports an operation Louvain scattered over groups through its template set, not a class sending two assignments together', () => {
    // Twenty-two operators send three templates, each on its own card from one odd issuer, created
    // in one night and active in step; Louvain put four of them in each of five ordinary groups, so
    // no group holds the templates (a tenth of each group sends them), and two in none. A class of
    // twelve sends its two assignments together and nothing else.
    const run = (options: Partial<typeof DEFAULTS>) => {
      const builder = new LinkageDataBuilder();
      const operators = addTemplateOperators(builder, 22, 10, 'prepaid|777777');
      const students = Array.from({ length: 12 }, (_, index) => `student-${String(index).padStart(2, '0')}`);
      students.forEach((id, index) => builder.addAccount(accountFacts(id, index + 50)));
      addOrdinaryPopulation(builder);
      students.forEach((id) => {
        for (const assignment of ['assignment-1', 'assignment-2']) builder.addUsage('prompt', assignment, id, 5, 'other');
      });
      const data = builder.build();
      const groups = Array.from({ length: 5 }, (_, group) => [
        ...operators.slice(group * 4, group * 4 + 4),
        ...Array.from({ length: 36 }, (_, index) => `benign-${group * 36 + index}`),
        ...(group === 0 ? students : []),
      ]);
      const graph = cliqueGraph(groups, 12);
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      const scored = scoreCommunities(data, graph, groups, (id) => index.get(id) as number, seededRandom(1), { subdivide: () => [], ...options });
      const reportedIds = (origin: string) =>
        scored
          .filter((group) => group.isCampaign && group.origin === origin)
          .flatMap((group) => group.memberEvidence.filter((entry) => entry.role === 'member').map((entry) => data.accounts[entry.account]?.accountId as string));
      return { scored, reportedIds };
    };
    const withSets = run({});
    expect(withSets.scored.filter((group) => group.origin === 'community').every((group) => !group.isCampaign)).toBe(true);
    // Each operator once, those outside every group too.
    expect(withSets.reportedIds('template-set').sort()).toEqual(Array.from({ length: 22 }, (_, index) => `operator-${String(index).padStart(2, '0')}`));
    const classSet = withSets.scored.find((group) => group.origin === 'template-set' && group.members.length === 12);
    expect(classSet?.isCampaign).toBe(false);
    // Without template sets nothing is reported.
    expect(run({ templateSetLift: 0 }).scored.some((group) => group.isCampaign)).toBe(false);
  });

  it('reports the repeat senders of a template set that everyday users fell into once, not the set, and asks three kinds of tie of them', () => {
    // Twenty operators send three templates again and again, each on its own card, created in one
    // night and active in step; with proxy exits (each shared by four of them) or without. Sixty
    // everyday users sent one of the templates once beside forty prompts of their own: the set's
    // senders are mostly theirs, and the whole set clears no bar.
    const run = ({ proxies = true, options = {} }: { proxies?: boolean; options?: Partial<typeof DEFAULTS> }) => {
      const builder = new LinkageDataBuilder();
      const operators = addTemplateOperators(builder, 20, 4, 'card|411111');
      const everyday = Array.from({ length: 60 }, (_, index) => `everyday-${String(index).padStart(2, '0')}`);
      everyday.forEach((id, index) => builder.addAccount(accountFacts(id, index + 700)));
      addOrdinaryPopulation(builder);
      if (proxies) operators.forEach((id, index) => [0, 1].forEach((exit) => builder.addUsage('ip', `proxy-exit-${(Math.floor(index / 4) + exit) % 5}`, id, 2)));
      everyday.forEach((id, index) => {
        builder.addUsage('prompt', `everyday-own-${index}`, id, 40, 'other');
        builder.addUsage('prompt', 'template-a', id, 1, 'other');
        builder.addUsage('payment', `everyday-card-${index}`, id, 1, 'card|411111');
      });
      const data = builder.build();
      const groups = Array.from({ length: 5 }, (_, group) => Array.from({ length: 40 }, (_, index) => `benign-${group * 40 + index}`));
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      // At the default lift a set needs thousands of prompt senders around it; this data has 580.
      const scored = scoreCommunities(data, cliqueGraph(groups, 12), groups, (id) => index.get(id) as number, seededRandom(1), { subdivide: () => [], templateSetLift: 2, ...options });
      const sets = scored.filter((group) => group.origin === 'template-set');
      const idsOf = (group: (typeof sets)[number] | undefined, role: string) =>
        (group?.memberEvidence ?? []).filter((entry) => entry.role === role).map((entry) => data.accounts[entry.account]?.accountId as string);
      return { sets, idsOf, operators };
    };
    const withRepeats = run({});
    const whole = withRepeats.sets.find((set) => set.members.length >= 80);
    const repeats = withRepeats.sets.find((set) => set !== whole);
    expect(withRepeats.sets).toHaveLength(2);
    expect(whole?.isCampaign).toBe(false);
    expect(repeats?.isCampaign).toBe(true);
    expect(withRepeats.idsOf(repeats, 'member').sort()).toEqual(withRepeats.operators);
    // Without proxy exits the operators tie by templates and the sign-up night only: what a class
    // created together shares with a campaign too.
    const noProxies = run({ proxies: false });
    expect(noProxies.sets.some((set) => set.isCampaign)).toBe(false);
    expect(
      noProxies.idsOf(
        noProxies.sets.find((set) => set.members.length === 20),
        'associated',
      ),
    ).toHaveLength(20);
    const off = run({ options: { repeatSenders: false } });
    expect(off.sets).toHaveLength(1);
    expect(off.sets[0]?.isCampaign).toBe(false);
  });

  it('keeps an unlinked account recruited by two campaigns in one of them only', () => {
    const builder = new LinkageDataBuilder();
    const groups = ['left', 'right'].map((side) => Array.from({ length: 12 }, (_, index) => `${side}-${String(index).padStart(2, '0')}`));
    for (const [index, id] of [...groups.flat(), 'between'].entries()) builder.addAccount(accountFacts(id, index));
    addOrdinaryPopulation(builder);
    groups.forEach((ids, side) =>
      ids.forEach((id, index) => {
        builder.addUsage('prompt', `template-of-${side}`, id, 30, 'other');
        builder.addUsage('payment', `card-of-${side}-${Math.floor(index / 6)}`, id, 1, 'prepaid|999999');
      }),
    );
    // The account between them sends both operations' templates and pays with a card of each.
    for (const side of [0, 1]) {
      builder.addUsage('prompt', `template-of-${side}`, 'between', 30, 'other');
      builder.addUsage('payment', `card-of-${side}-0`, 'between', 1, 'prepaid|999999');
    }
    const data = builder.build();
    const graph = cliqueGraph(groups, 12);
    const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
    const scored = scoreCommunities(data, graph, groups, (id) => index.get(id) as number, seededRandom(1));
    const between = index.get('between') as number;
    const holding = scored.filter((community) => community.memberEvidence.some((entry) => entry.account === between && entry.role === 'member'));
    expect(scored.every((community) => community.isCampaign)).toBe(true);
    expect(holding).toHaveLength(1);
    expect(scored.map((community) => community.memberCount).sort()).toEqual([12, 13]);
  });

  it('reports a piece at the plain threshold when its accounts send two of a reported campaign’s fingerprints on its clock, not one or none, nor one prompt on each, nor on a clock of their own', () => {
    // Community 0: a campaign on two templates and shared cards. Community 1: a second cell of
    // it among ordinary accounts; Louvain's piece of it clears the threshold, not the piece bar.
    // The operation works the same night hours on the same days; `cellClock: 'own'` puts the cell
    // on the afternoon of other days.
    const operationClock = { hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour >= 1 && hour <= 4 ? 5 : 0)), activeDays: [5, 6, 7, 8] };
    const ownClock = { hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour >= 13 && hour <= 16 ? 5 : 0)), activeDays: [20, 21, 22, 23] };
    const run = (templatesOfCell: readonly string[], eventsPerAccount = 30, options: Partial<typeof DEFAULTS> = {}, cellClock: 'operation' | 'own' = 'operation') => {
      const builder = new LinkageDataBuilder();
      const campaign = Array.from({ length: 20 }, (_, index) => `campaign-${String(index).padStart(2, '0')}`);
      const cell = Array.from({ length: 10 }, (_, index) => `cell-${index}`);
      const ordinary = Array.from({ length: 40 }, (_, index) => `ordinary-${index}`);
      for (const [index, id] of [...campaign, ...cell, ...ordinary].entries()) {
        const clock = id.startsWith('campaign') || (id.startsWith('cell') && cellClock === 'operation') ? operationClock : id.startsWith('cell') ? ownClock : {};
        builder.addAccount({ ...accountFacts(id, index), ...clock });
      }
      addOrdinaryPopulation(builder);
      campaign.forEach((id, index) => {
        for (const template of ['template-1', 'template-2']) builder.addUsage('prompt', template, id, 15, 'other');
        sharedCard(builder, id, index);
      });
      cell.forEach((id, index) => {
        for (const template of templatesOfCell) builder.addUsage('prompt', template, id, eventsPerAccount / templatesOfCell.length, 'other');
        builder.addUsage('payment', `cell-card-${Math.floor(index / 5)}`, id, 1, 'prepaid|999999');
      });
      ordinary.forEach((id, index) => builder.addUsage('prompt', `benign-template-${index % 50}`, id, 40, 'other'));
      return scoreWithPiece(builder, campaign, cell, ordinary, options);
    };
    const sibling = run(['template-1', 'template-2']);
    expect(sibling.scored.find((community) => community.community === 0)?.isCampaign).toBe(true);
    expect(sibling.scored.find((community) => community.community === 1)?.isCampaign).toBe(false);
    expect(sibling.piece?.score).toBeGreaterThanOrEqual(DEFAULTS.threshold);
    expect(sibling.piece?.score).toBeLessThan(DEFAULTS.threshold + 0.55);
    expect(sibling.piece?.isCampaign).toBe(true);
    expect(run(['template-1', 'own-template']).piece?.isCampaign).toBe(false);
    expect(run(['own-template', 'other-own-template']).piece?.isCampaign).toBe(false);
    // One prompt on each template: as much as one-off users whose prompts fell into them send.
    const oneOff = run(['template-1', 'template-2'], 2);
    expect(oneOff.piece?.score).toBeGreaterThanOrEqual(DEFAULTS.threshold);
    expect(oneOff.piece?.isCampaign).toBe(false);
    // The same cell on hours and days of its own is no more of the operation than a class is.
    const ownClockCell = run(['template-1', 'template-2'], 30, {}, 'own');
    expect(ownClockCell.piece?.score).toBeGreaterThanOrEqual(DEFAULTS.threshold);
    expect(ownClockCell.piece?.isCampaign).toBe(false);
    expect(run(['template-1', 'template-2'], 30, { siblingInStep: 0 }, 'own').piece?.isCampaign).toBe(true);
  });

  it('reports two template sets of one operation at the plain threshold when they share two of its fingerprints, act in step and each runs in lockstep; not without the ties, nor sets without lockstep', () => {
    // Two teams of one operation, outside every community, each on its own two templates and its
    // own cards, created in one night: two template sets, linked to nothing. Two accounts of each team
    // also send the same two further prompts (the tie between the sets). `pieceMargin` lifts the
    // set bar above what either set scores, so only the sibling rule can report them.
    const run = ({ tied = true, lockstep = true, options = {} }: { tied?: boolean; lockstep?: boolean; options?: Partial<typeof DEFAULTS> }) => {
      const builder = new LinkageDataBuilder();
      const teams = ['north', 'south'].map((team) => Array.from({ length: 15 }, (_, index) => `${team}-${String(index).padStart(2, '0')}`));
      teams.flat().forEach((id, index) =>
        builder.addAccount({
          ...accountFacts(id, index),
          createdAt: index * HOUR,
          hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour >= 1 && hour <= 4 ? 5 : 0)),
          // In lockstep: the same four days; otherwise each account on days of its own.
          activeDays: lockstep ? [5, 6, 7, 8] : [index % 30, (index + 10) % 30],
        }),
      );
      addOrdinaryPopulation(builder);
      teams.forEach((ids, team) =>
        ids.forEach((id, index) => {
          for (const template of [`team-${team}-template-1`, `team-${team}-template-2`]) builder.addUsage('prompt', template, id, 10, 'other');
          builder.addUsage('payment', `team-${team}-card-${index}`, id, 1, 'card|411111');
          if (tied && index < 2) for (const shared of ['shared-1', 'shared-2']) builder.addUsage('prompt', shared, id, 3, 'other');
        }),
      );
      const data = builder.build();
      const groups = Array.from({ length: 5 }, (_, group) => Array.from({ length: 40 }, (_, index) => `benign-${group * 40 + index}`));
      const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
      const scored = scoreCommunities(data, cliqueGraph(groups, 12), groups, (id) => index.get(id) as number, seededRandom(1), { subdivide: () => [], pieceMargin: 0.55, ...options });
      const sets = scored.filter((group) => group.origin === 'template-set');
      return { sets };
    };
    const siblings = run({});
    expect(siblings.sets).toHaveLength(2);
    for (const set of siblings.sets) {
      expect(set.score).toBeGreaterThanOrEqual(DEFAULTS.threshold);
      expect(set.score).toBeLessThan(DEFAULTS.threshold + 0.55);
      expect(set.isCampaign).toBe(true);
    }
    expect(run({ tied: false }).sets.map((set) => set.isCampaign)).toEqual([false, false]);
    const noLockstep = run({ lockstep: false });
    expect(noLockstep.sets).toHaveLength(2);
    expect(noLockstep.sets.every((set) => set.score >= DEFAULTS.threshold && !set.isCampaign)).toBe(true);
    expect(run({ options: { siblingSetLockstep: 2 } }).sets.map((set) => set.isCampaign)).toEqual([false, false]);
  });

  it('does not report a piece at the plain threshold on a cohort’s traits (sign-up night, lockstep days and hours, reasoning prompts) when it shows no resource of an operator’s itself', () => {
    const run = (options: Partial<typeof DEFAULTS>) => {
      const builder = new LinkageDataBuilder();
      const campaign = Array.from({ length: 20 }, (_, index) => `campaign-${String(index).padStart(2, '0')}`);
      const cohort = Array.from({ length: 10 }, (_, index) => `student-${index}`);
      const ordinary = Array.from({ length: 40 }, (_, index) => `ordinary-${index}`);
      const cohortFacts = {
        createdAt: 0,
        activeDays: [3, 4, 5, 6, 7, 8],
        hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour === 3 ? 10 : 0)),
        extractionEvents: 30,
        inputTokens: 200,
        outputTokens: 1800,
      };
      for (const [index, id] of [...campaign, ...cohort, ...ordinary].entries()) builder.addAccount({ ...accountFacts(id, index), ...(id.startsWith('student') ? cohortFacts : {}) });
      addOrdinaryPopulation(builder);
      campaign.forEach((id, index) => {
        for (const template of ['template-1', 'template-2']) builder.addUsage('prompt', template, id, 15, 'other');
        sharedCard(builder, id, index);
      });
      // The homework is the whole year's (students elsewhere send it beside prompts of their own);
      // now and then a student's prompt falls into the campaign's two fingerprints.
      for (let index = 0; index < 60; index += 1) {
        builder.addAccount(accountFacts(`other-student-${index}`, index + 700));
        builder.addUsage('prompt', 'homework', `other-student-${index}`, 5, 'other');
        builder.addUsage('prompt', `notes-${index}`, `other-student-${index}`, 20, 'other');
      }
      cohort.forEach((id) => {
        builder.addUsage('prompt', 'homework', id, 24, 'other');
        for (const template of ['template-1', 'template-2']) builder.addUsage('prompt', template, id, 3, 'other');
      });
      ordinary.forEach((id, index) => builder.addUsage('prompt', `benign-template-${index % 50}`, id, 40, 'other'));
      return scoreWithPiece(builder, campaign, cohort, ordinary, options).piece;
    };
    const piece = run({});
    expect(piece?.score).toBeGreaterThanOrEqual(DEFAULTS.threshold);
    expect(piece?.isCampaign).toBe(false);
    // Its own clock keeps it out too; without both rules the sibling ties alone would report it.
    expect(run({ siblingOperatorEvidence: 0 })?.isCampaign).toBe(false);
    expect(run({ siblingOperatorEvidence: 0, siblingInStep: 0 })?.isCampaign).toBe(true);
  });

  it('reports a piece at the plain threshold when its accounts rotate through many exits on the campaign’s clock, though its templates are mostly everyday ones; not the same piece on an address each', () => {
    // An operation on VPN exits whose templates land mostly in everyday fingerprints: a cell cut
    // off by Louvain shows little template evidence of its own, but rotating through proxy exits
    // is what an operator's accounts do and a class on its campus address does not.
    const run = (exitsPerAccount: number) => {
      const builder = new LinkageDataBuilder();
      const clock = { activeDays: [3, 4, 5, 6, 7, 8], hourHistogram: Array.from({ length: 24 }, (_, hour) => (hour === 3 ? 10 : 0)) };
      const campaign = Array.from({ length: 20 }, (_, index) => `campaign-${String(index).padStart(2, '0')}`);
      const cell = Array.from({ length: 10 }, (_, index) => `cell-${index}`);
      const ordinary = Array.from({ length: 40 }, (_, index) => `ordinary-${index}`);
      for (const [index, id] of [...campaign, ...cell, ...ordinary].entries()) {
        builder.addAccount({ ...accountFacts(id, index), ...(id.startsWith('ordinary') ? {} : { ...clock, createdAt: 0, outputTokens: 1800, inputTokens: 200 }) });
      }
      addOrdinaryPopulation(builder);
      // Ordinary accounts come from a home address, some from an office they share too.
      for (let index = 0; index < 500; index += 1) {
        builder.addUsage('ip', `home-${index}`, `benign-${index}`, 5);
        if (index % 3 === 0) builder.addUsage('ip', `office-${index % 30}`, `benign-${index}`, 5);
      }
      campaign.forEach((id, index) => {
        for (const template of ['template-1', 'template-2']) builder.addUsage('prompt', template, id, 15, 'other');
        sharedCard(builder, id, index);
        for (let exit = 0; exit < exitsPerAccount; exit += 1) builder.addUsage('ip', `${id}-exit-${exit}`, id, 1);
      });
      for (let index = 0; index < 60; index += 1) {
        builder.addAccount(accountFacts(`everyday-${index}`, index + 700));
        builder.addUsage('ip', `everyday-home-${index}`, `everyday-${index}`, 5);
        builder.addUsage('prompt', 'everyday-question', `everyday-${index}`, 5, 'other');
        builder.addUsage('prompt', `notes-${index}`, `everyday-${index}`, 20, 'other');
      }
      cell.forEach((id, index) => {
        builder.addUsage('prompt', 'everyday-question', id, 24, 'other');
        for (const template of ['template-1', 'template-2']) builder.addUsage('prompt', template, id, 3, 'other');
        builder.addUsage('payment', `cell-card-${index}`, id, 1, 'card|400001');
        for (let exit = 0; exit < exitsPerAccount; exit += 1) builder.addUsage('ip', `${id}-exit-${exit}`, id, 1);
      });
      ordinary.forEach((id, index) => (builder.addUsage('prompt', `benign-template-${index % 50}`, id, 40, 'other'), builder.addUsage('ip', `ordinary-home-${index}`, id, 5)));
      const { piece } = scoreWithPiece(builder, campaign, cell, ordinary);
      const contribution = (name: SignalName) => piece?.signals.find((signal) => signal.name === name)?.contribution ?? 0;
      return { piece, contribution };
    };
    const rotating = run(40);
    expect(rotating.piece?.score).toBeGreaterThanOrEqual(DEFAULTS.threshold);
    expect(rotating.contribution('template_exclusivity')).toBeLessThan(DEFAULTS.siblingOperatorEvidence);
    expect(rotating.contribution('address_rotation')).toBeGreaterThan(0);
    expect(rotating.piece?.isCampaign).toBe(true);
    const settled = run(1);
    expect(settled.piece?.score).toBeGreaterThanOrEqual(DEFAULTS.threshold);
    expect(settled.piece?.isCampaign).toBe(false);
  });

  it('keeps an account whose only tie is one prompt on the group’s template as associated, and takes one with two such prompts as a member', () => {
    const run = (options: Partial<typeof DEFAULTS>) =>
      scoreOne({
        link: (builder, id, index) => {
          exclusiveTemplate(builder, id);
          sharedCard(builder, id, index);
        },
        extra: [1, 2].map((prompts) => ({ id: `sent-${prompts}`, link: (builder: LinkageDataBuilder, id: string) => builder.addUsage('prompt', 'their-template', id, prompts, 'other') })),
        options,
      }).roleOf;
    const roleOf = run({});
    expect(roleOf('sent-1')).toBe('associated');
    expect(roleOf('sent-2')).toBe('member');
    // The count of prompts is what decides: asking for one takes the one-prompt account too.
    expect(run({ strongTemplateEvents: 1 })('sent-1')).toBe('member');
  });

  it('samples a group’s pairs the same whichever other groups the refresh scores before it', () => {
    // Groups of 30 have 435 pairs, more than the sample budget, so their pair signals are sampled.
    const builder = new LinkageDataBuilder();
    const first = Array.from({ length: 30 }, (_, index) => `first-${index}`);
    const second = Array.from({ length: 30 }, (_, index) => `second-${index}`);
    for (const [index, id] of [...first, ...second].entries()) builder.addAccount(accountFacts(id, index * 3));
    addOrdinaryPopulation(builder);
    const data = builder.build();
    const graph = cliqueGraph([first, second], 1);
    const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
    const pairSignals = (groups: string[][]) => {
      const scored = scoreCommunities(data, graph, groups, (id) => index.get(id) as number, seededRandom(7), { largeCommunity: 10_000, peripheralShare: 0 });
      const ofFirst = scored.find((community) => community.members.includes(index.get('first-0') as number));
      return ['lockstep_activity', 'behaviour_uniformity'].map((name) => ofFirst?.signals.find((signal) => signal.name === name)?.value);
    };
    const alone = pairSignals([first]);
    expect(alone.every((value) => value !== undefined && value > 0)).toBe(true);
    expect(pairSignals([second, first])).toEqual(alone);
  });

  it('names each member’s own ties to the campaign', () => {
    const { scored } = scoreOne({ link: (builder, id, index) => sharedCard(builder, id, index) });
    expect(scored?.memberEvidence[0]?.ties.some((tie) => tie.startsWith('payment:their-card-'))).toBe(true);
  });

  it('damps the score of a declared organisation', () => {
    const strong: Setup = { link: (builder, id, index) => (exclusiveTemplate(builder, id), sharedCard(builder, id, index)), facts: (index) => ({ createdAt: index * HOUR, extractionEvents: 16 }) };
    const plain = scoreOne(strong).scored;
    const organisation = scoreOne({ ...strong, facts: (index) => ({ createdAt: index * HOUR, extractionEvents: 16, orgId: 'acme' }) });
    expect(organisation.scored?.score).toBeLessThan((plain?.score ?? 0) * 0.3);
    expect(organisation.signal('organisation')?.contribution).toBeLessThan(0);
  });

  it('damps a fleet paying with one invoice like a declared organisation', () => {
    const fleet = scoreOne({
      link: (builder, id) => (exclusiveTemplate(builder, id), builder.addUsage('payment', 'fleet-invoice', id, 1, 'invoice|')),
      facts: (index) => ({ createdAt: index * HOUR, extractionEvents: 16 }),
    });
    const cards = scoreOne({
      link: (builder, id) => (exclusiveTemplate(builder, id), builder.addUsage('payment', 'fleet-card', id, 1, 'prepaid|999999')),
      facts: (index) => ({ createdAt: index * HOUR, extractionEvents: 16 }),
    });
    expect(cards.scored?.isCampaign).toBe(true);
    expect(fleet.scored?.isCampaign).toBe(false);
    expect(fleet.signal('organisation')?.value).toBe(1);
  });

  it('keeps accounts in a declared organisation or paying by invoice as associated, in the community or outside it, however much they share with the members', () => {
    // A pipeline fleet Louvain joined to the campaign: the campaign's address, template and cards.
    const business = [
      ...Array.from({ length: 4 }, (_, index) => ({ id: `fleet-${index}`, link: (builder: LinkageDataBuilder, id: string) => builder.addUsage('payment', 'fleet-invoice', id, 1, 'invoice|') })),
      { id: 'org-member', facts: { orgId: 'acme' }, link: () => undefined },
    ].map((account) => ({
      ...account,
      link: (builder: LinkageDataBuilder, id: string) => {
        account.link(builder, id);
        builder.addUsage('ip', 'shared-address', id, 3);
        exclusiveTemplate(builder, id);
        sharedCard(builder, id, 0);
      },
    }));
    const setup: Setup = { link: (builder, id, index) => (exclusiveTemplate(builder, id), sharedCard(builder, id, index)), members: 24, extra: business };
    const { scored, roleOf } = scoreOne(setup);
    expect(scored?.isCampaign).toBe(true);
    expect(['fleet-0', 'fleet-3', 'org-member'].map(roleOf)).toEqual(['associated', 'associated', 'associated']);
    expect(roleOf('member-000')).toBe('member');
    expect(scored?.memberCount).toBe(24);
    expect(scored?.associatedCount).toBe(5);

    // Outside every community: the operator's card and template would recruit it, its invoice does not.
    const { builder, ids } = operationWithNeighbours('unlinked-operator-account', 'unlinked-neighbour');
    builder.addAccount(accountFacts('invoiced-account', 30));
    exclusiveTemplate(builder, 'invoiced-account');
    builder.addUsage('payment', 'their-card-0', 'invoiced-account', 1, 'prepaid|999999');
    builder.addUsage('payment', 'company-invoice', 'invoiced-account', 1, 'invoice|');
    const data = builder.build();
    const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
    const [recruiting] = scoreCommunities(data, cliqueGraph([ids], 8), [ids], (id) => index.get(id) as number, seededRandom(1));
    const entryOf = (id: string) => recruiting?.memberEvidence.find((entry) => data.accounts[entry.account]?.accountId === id);
    expect(entryOf('unlinked-operator-account')).toMatchObject({ role: 'member' });
    expect(entryOf('invoiced-account')).toBeUndefined();
  });

  it('lets no family of signals reach the campaign threshold alone, nor a card and a home together', () => {
    for (const { cap } of Object.values(SIGNAL_FAMILIES)) expect(cap).toBeLessThan(DEFAULTS.threshold);
    expect(SIGNAL_FAMILIES.instruments.cap + SIGNAL_FAMILIES.network.cap).toBeLessThan(DEFAULTS.threshold);
    expect(SIGNAL_FAMILIES.timing.cap + SIGNAL_FAMILIES.behaviour.cap).toBeLessThan(DEFAULTS.threshold);
    expect(Object.values(SIGNAL_FAMILIES).reduce((sum, { cap }) => sum + cap, 0)).toBeCloseTo(1, 6);
  });

  it('explains every signal with its value, background, surprise and contribution, and adds nothing for data the batch lacks', () => {
    const { scored } = scoreOne({ link: sharedCard });
    expect(scored?.signals.map((signal) => signal.name)).toEqual(Object.keys(SIGNALS));
    const families = scored?.families.reduce((sum, family) => sum + family.contribution, 0) ?? -1;
    expect(scored?.score).toBeCloseTo(families, 3);
    for (const signal of scored?.signals ?? []) expect(signal).toHaveProperty('background');
    expect(scored?.evidence.find((item) => item.kind === 'payment')).toMatchObject({ members: 6, accounts: 6 });
    const withoutPrompts = scoreOne({ link: sharedCard, populationSize: 0 });
    expect(withoutPrompts.signal('template_exclusivity')).toMatchObject({ available: false, contribution: 0 });
  });

  it('finds sign-up waves while each is accepted, up to the most asked for', () => {
    const times = [0, HOUR, 2 * HOUR, 10 * DAY, 10 * DAY + HOUR, 30 * DAY];
    expect(signupWaves(times, 2 * DAY, 3, (count) => count >= 2)).toEqual([
      { count: 3, start: 0 },
      { count: 2, start: 10 * DAY },
    ]);
    expect(signupWaves(times, 2 * DAY, 1, () => true)).toEqual([{ count: 3, start: 0 }]);
    expect(signupWaves(times, 2 * DAY, 3, () => true)).toHaveLength(3);
    expect(signupWaves([], 2 * DAY, 3, () => true)).toEqual([]);
  });

  it('finds the densest 48-hour sign-up window', () => {
    expect(densestWindow([0, 1, 2, 10 * DAY], 2 * DAY)).toEqual({ count: 3, start: 0 });
    expect(densestWindow([], 2 * DAY).count).toBe(0);
  });
});

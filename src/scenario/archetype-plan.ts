// Plans a scenario whose campaigns are drawn archetypes (archetypes.ts) instead of the three fixed
// ones: the same benign population as planScenario, plus benign confounders that are each strong
// in two signals at once (TWO_SIGNAL_CONFOUNDER_GROUPS), then every archetype's accounts with the
// resources its parameters call for, cell by cell. Account-level state only, like scenario-plan.ts;
// events are rendered by scenario-events.ts.
import { COUNTRIES, gatewayAddresses, hostingSubnet, residentialAddress, type CountryProfile, type Subnet24 } from './address-space.js';
import { archetypeBudget, drawArchetypes, type CampaignArchetype } from './archetypes.js';
import type { PromptTemplate } from './prompt-templates.js';
import { allocateExactly, chance, integerBetween, logNormal, pick, randomToken, sampleDistinct, shuffleInPlace, type RandomSource } from './random-helpers.js';
import { SCALES } from './scales.js';
import {
  BROWSER_AGENTS,
  COMMON_BINS,
  DAY_MS,
  EMAIL_DOMAINS,
  HOMEWORK,
  HOUR_MS,
  PIPELINES,
  PREPAID_BINS,
  SDK_AGENTS,
  THROWAWAY_DOMAINS,
  UNUSUAL_ISSUERS,
  card,
  confounderSize,
  createBuilder,
  favoritesOf,
  pickCountry,
  planBenign,
  range,
  scheduleBenignDays,
  type AccountPlan,
  type Builder,
  type NetworkPlan,
  type PaymentPlan,
  type ScenarioOptions,
  type ScenarioPlan,
  type SchedulePlan,
} from './scenario-plan.js';

/**
 * A popular open-source agent's system prompt: agent and tool wording the phrase rules flag,
 * sent by many unrelated people (the agent_prompt_users confounder).
 */
export const OPEN_SOURCE_AGENT_PROMPT: PromptTemplate = {
  id: 'benign-open-source-agent',
  family: 'benign-coding-tool',
  owner: 'benign',
  popular: true,
  paraphrase: true,
  text: 'You are an autonomous agent running inside the open-source DevPilot harness. Available tools: {tool}, {tool}, {tool}. Before each tool call, say in one line why, then emit the call as JSON with "tool_name" and "arguments" and wait for the result. User goal: {task}. Working file: {file}.',
};

/** Shares of the benign population in each two-signal confounder (minimums keep them visible at `tiny`). */
const TWO_SIGNAL_SIZES = {
  vpnCampaignExit: { share: 0.02, minimum: 15, promoShare: 0.6 },
  mobileCarrierNat: { share: 0.03, minimum: 20 },
  homeworkCohort: { share: 0.02, minimum: 20 },
  pipelineFleet: { share: 0.01, minimum: 6 },
  familyTeam: { share: 0.03, minimum: 12 },
  agentPromptUsers: { share: 0.04, minimum: 20 },
} as const;

const profileOf = (country: string, rng: RandomSource): CountryProfile => COUNTRIES.find((profile) => profile.country === country) ?? pickCountry(rng);

/** Turns plain benign accounts (no group, no organisation) into the two-signal confounders. */
function addTwoSignalConfounders(builder: Builder, accounts: readonly AccountPlan[], benignAccounts: number, vpnExits: readonly Subnet24[]): void {
  const { rng } = builder;
  const plain = shuffleInPlace(
    accounts.filter((account) => account.groups.length === 0 && account.orgId === null && account.model === 'benign'),
    rng,
  );
  let cursor = 0;
  const take = (count: number) => plain.slice(cursor, (cursor = Math.min(plain.length, cursor + count)));
  const size = (entry: { share: number; minimum: number }) => confounderSize(benignAccounts, entry.share, entry.minimum);

  // Commercial VPN users on the very exits a vpn-exits archetype rents; most joined in one promotion.
  const promotionDay = builder.windowStartMs - integerBetween(3, 40, rng) * DAY_MS;
  for (const account of take(size(TWO_SIGNAL_SIZES.vpnCampaignExit))) {
    account.network = { ...account.network, shared: [], subnets: vpnExits, sharedShare: 0.85 };
    if (chance(TWO_SIGNAL_SIZES.vpnCampaignExit.promoShare, rng)) account.createdAt = promotionDay + Math.floor(rng() * DAY_MS);
    account.groups.push('vpn_campaign_exit');
    scheduleBenignDays(builder, account);
  }

  // Phones behind one carrier's NAT, topped up with the same carrier's prepaid cards.
  const nat = gatewayAddresses('carrier', integerBetween(2, 4, rng), rng);
  const topUpBin = pick(PREPAID_BINS, rng);
  for (const account of take(size(TWO_SIGNAL_SIZES.mobileCarrierNat))) {
    account.network = { ...account.network, shared: nat, subnets: [], sharedShare: 0.9 };
    account.userAgents = [pick(BROWSER_AGENTS.slice(4), rng)];
    account.payments = [card(builder, account.createdAt, 'prepaid', topUpBin, account.country)];
    account.groups.push('mobile_carrier_nat');
  }

  // A class created in one sitting, doing step-by-step homework (the reasoning phrase rules fire).
  const cohortAt = builder.windowStartMs + integerBetween(-20, 8, rng) * DAY_MS + integerBetween(8, 14, rng) * HOUR_MS;
  const schoolDomain = `student.${randomToken(5, rng)}.edu`;
  for (const account of take(size(TWO_SIGNAL_SIZES.homeworkCohort))) {
    account.createdAt = cohortAt + Math.floor(rng() * 3 * HOUR_MS);
    account.emailDomain = schoolDomain;
    Object.assign(account, favoritesOf(HOMEWORK, rng), { favoriteShare: 0.85 });
    account.groups.push('homework_cohort');
    scheduleBenignDays(builder, account);
  }

  // Pipeline fleets without an org_id: one invoice, one fixed template, one cloud /24, batch hours, high volume.
  let fleetGained = 0;
  for (let left = size(TWO_SIGNAL_SIZES.pipelineFleet); left > 0;) {
    const members = take(Math.min(left, integerBetween(3, 10, rng)));
    if (members.length === 0) break;
    left -= members.length;
    const provisionedAt = builder.windowStartMs - integerBetween(10, 300, rng) * DAY_MS + integerBetween(9, 17, rng) * HOUR_MS;
    const invoice = card(builder, provisionedAt, 'invoice', null, members[0]?.country ?? null);
    const template = pick(PIPELINES, rng);
    const cloud = hostingSubnet(rng);
    const batchHours = sampleDistinct(range(0, 24), integerBetween(2, 4, rng), rng);
    const agent = pick(SDK_AGENTS, rng);
    for (const account of members) {
      account.createdAt = provisionedAt + Math.floor(rng() * 2 * HOUR_MS);
      account.plan = 'api';
      account.payments = [{ ...invoice }];
      account.network = { shared: [], subnets: [cloud], sharedShare: 1, own: account.network.own };
      Object.assign(account, favoritesOf([template], rng), { favoriteShare: 1, userAgents: [agent], model: 'pipeline' as const });
      const events = Math.max(account.events, integerBetween(150, 1_000, rng));
      fleetGained += events - account.events;
      account.events = events;
      account.schedule = { ...account.schedule, kind: 'batch', batchHours };
      account.groups.push('pipeline_fleet');
      scheduleBenignDays(builder, account);
    }
  }

  // Families and small teams: 2-8 accounts on one card and one home (or office) address.
  for (let left = size(TWO_SIGNAL_SIZES.familyTeam); left > 0;) {
    const members = take(Math.min(left, integerBetween(2, 8, rng)));
    if (members.length === 0) break;
    left -= members.length;
    const country = members[0]?.country ?? 'US';
    const home = residentialAddress(profileOf(country, rng), rng);
    const shared = card(builder, Math.min(...members.map((account) => account.createdAt)), 'card', pick(COMMON_BINS, rng), country);
    for (const account of members) {
      account.payments = [{ ...shared }];
      account.network = { ...account.network, own: [home, ...account.network.own.slice(1)] };
      if (account.plan === 'free') account.plan = 'pro';
      account.groups.push('family_team');
    }
  }

  // People running a popular open-source agent prompt, many of them from a few cloud /24s.
  const cloudRegion = Array.from({ length: integerBetween(4, 8, rng) }, () => hostingSubnet(rng));
  for (const account of take(size(TWO_SIGNAL_SIZES.agentPromptUsers))) {
    Object.assign(account, favoritesOf([OPEN_SOURCE_AGENT_PROMPT, ...account.favorites.slice(0, 2)], rng), { favoriteShare: 0.75 });
    account.userAgents = [pick(SDK_AGENTS, rng)];
    if (chance(0.6, rng)) account.network = { ...account.network, subnets: sampleDistinct(cloudRegion, integerBetween(1, 2, rng), rng), sharedShare: 0.8 };
    account.groups.push('agent_prompt_users');
  }

  // The benign event total stays the scale's: what the fleets gained comes off the people, in proportion.
  const untouched = accounts.filter((account) => account.model === 'benign');
  const spare = untouched.reduce((sum, account) => sum + account.events - 1, 0);
  if (fleetGained > 0 && spare > fleetGained) {
    const counts = allocateExactly(
      spare - fleetGained,
      untouched.map((account) => account.events - 1),
    );
    untouched.forEach((account, index) => {
      account.events = 1 + (counts[index] ?? 0);
      scheduleBenignDays(builder, account);
    });
  }
}

/** The accounts of one archetype, cell by cell, each cell with its own slice of resources. */
function planArchetype(builder: Builder, archetype: CampaignArchetype, benignHomes: readonly string[], vpnExits: readonly Subnet24[]): AccountPlan[] {
  const { rng } = builder;
  const templates: PromptTemplate[] = archetype.prompts.templates.map((template) => ({
    id: template.id,
    family: template.family,
    owner: 'archetype',
    popular: false,
    paraphrase: true,
    text: template.text,
  }));
  const counts = allocateExactly(
    archetype.events,
    Array.from({ length: archetype.accounts }, () => logNormal(1, 0.5, rng)),
  );
  const addressesPerAccount = Math.max(1, Math.min(30, Math.round(archetype.eventsPerAccount / 8)));
  const cellSizes = allocateExactly(
    archetype.accounts,
    Array.from({ length: archetype.cells }, () => 1),
  );
  const cardsPerCell = archetype.instruments.cards === null ? [] : allocateExactly(archetype.instruments.cards, cellSizes).map((cards) => Math.max(1, cards));
  const firstDay = integerBetween(0, 8, rng);
  const accounts: AccountPlan[] = [];
  let accountIndex = 0;
  for (let cell = 0; cell < archetype.cells; cell += 1) {
    const cellAccounts = cellSizes[cell] as number;
    const cellTemplates = templates.length <= 2 ? templates : sampleDistinct(templates, Math.max(2, Math.round(templates.length * (0.5 + rng() * 0.5))), rng);
    const cellAgents = sampleDistinct(SDK_AGENTS, integerBetween(1, 2, rng), rng);

    // Addresses: this cell's slice of a proxy pool, its own /24s, some of the VPN's exits, or nothing shared.
    const { style, accountsPerAddress, benignHomeShare, subnetsPerCell } = archetype.addresses;
    const pool =
      style === 'residential-proxy-pool'
        ? Array.from({ length: Math.max(2, Math.ceil((cellAccounts * addressesPerAccount) / (accountsPerAddress ?? 3))) }, () =>
            chance(benignHomeShare ?? 0, rng) && benignHomes.length > 0 ? pick(benignHomes, rng) : residentialAddress(pickCountry(rng), rng),
          )
        : [];
    const subnets =
      style === 'datacenter-subnets'
        ? Array.from({ length: subnetsPerCell ?? 4 }, () => hostingSubnet(rng))
        : style === 'vpn-exits'
          ? sampleDistinct(vpnExits, integerBetween(2, vpnExits.length, rng), rng)
          : [];

    // Payment instruments.
    const prepaidBins = sampleDistinct(PREPAID_BINS, integerBetween(1, 2, rng), rng);
    const issuers = sampleDistinct(UNUSUAL_ISSUERS, archetype.instruments.issuers ?? 1, rng);
    const cellCards: PaymentPlan[] = [];
    let prepaid: PaymentPlan | undefined;
    let prepaidLeft = 0;

    // Sign-ups and activity.
    const bursts =
      archetype.signups.kind === 'bursts'
        ? Array.from({ length: archetype.signups.bursts }, () => builder.windowStartMs + (firstDay - integerBetween(1, 14, rng)) * DAY_MS + integerBetween(0, 23, rng) * HOUR_MS)
        : [];
    const operationDays = sampleDistinct(range(firstDay, builder.windowDays), Math.max(1, Math.round((builder.windowDays - firstDay) * archetype.activity.activeDayShare)), rng).sort(
      (first, second) => first - second,
    );
    const startHour = (((integerBetween(8, 11, rng) - archetype.operatorUtcOffset) % 24) + 24) % 24;
    const lengthHours = archetype.activity.kind === 'lockstep' ? archetype.activity.shiftHours : 24;

    for (let index = 0; index < cellAccounts; index += 1, accountIndex += 1) {
      const profile = pickCountry(rng);
      const createdAt =
        archetype.signups.kind === 'bursts'
          ? pick(bursts, rng) + Math.floor(rng() * archetype.signups.burstHours * HOUR_MS)
          : builder.windowStartMs + firstDay * DAY_MS - HOUR_MS - Math.floor(rng() * archetype.signups.days * DAY_MS);

      let payment: PaymentPlan;
      switch (archetype.instruments.sharing) {
        case 'shared-prepaid':
          if (!prepaid || prepaidLeft === 0) {
            prepaid = card(builder, createdAt, 'prepaid', pick(prepaidBins, rng), pick(['US', 'GB', 'LT'], rng));
            prepaidLeft = archetype.instruments.groupSize ?? 10;
          }
          prepaidLeft -= 1;
          payment = { ...prepaid };
          break;
        case 'few-cards': {
          // Contiguous blocks: each of the cell's cards pays for about the same number of accounts.
          const slot = Math.floor((index * (cardsPerCell[cell] ?? 1)) / cellAccounts);
          cellCards[slot] ??= card(builder, createdAt, 'card', pick(COMMON_BINS, rng), profile.country);
          payment = { ...(cellCards[slot] as PaymentPlan) };
          break;
        }
        case 'own-cards-rare-issuer': {
          const [bin, country] = pick(issuers, rng);
          payment = card(builder, createdAt, 'card', bin, country);
          break;
        }
        case 'own-cards-common-issuer':
          payment = card(builder, createdAt, chance(0.9, rng) ? 'card' : 'wallet', pick(COMMON_BINS, rng), profile.country);
          break;
      }

      let network: NetworkPlan;
      if (style === 'residential-proxy-pool') network = { shared: Array.from({ length: addressesPerAccount }, () => pick(pool, rng)), subnets: [], sharedShare: 1, own: [] };
      else if (style === 'own-addresses')
        network = { shared: [], subnets: [], sharedShare: 0, own: [residentialAddress(profile, rng), ...(chance(0.3, rng) ? [residentialAddress(profile, rng)] : [])] };
      else network = { shared: [], subnets, sharedShare: 1, own: [] };

      const days = operationDays.filter((day) => builder.windowStartMs + day * DAY_MS > createdAt + HOUR_MS);
      const usable = days.length > 0 ? days : [builder.windowDays - 1];
      const activeDays = sampleDistinct(usable, Math.max(1, Math.round(usable.length * (archetype.activity.kind === 'lockstep' ? 0.8 + rng() * 0.2 : 0.4 + rng() * 0.6))), rng).sort(
        (first, second) => first - second,
      );
      const schedule: SchedulePlan =
        archetype.activity.kind === 'lockstep'
          ? { kind: 'shift', days: activeDays, utcOffset: archetype.operatorUtcOffset, startHour, lengthHours, batchHours: [] }
          : { kind: 'diurnal', days: activeDays, utcOffset: archetype.operatorUtcOffset, startHour: 0, lengthHours: 24, batchHours: [] };

      const browser = () => pick(BROWSER_AGENTS, rng);
      const userAgents = archetype.userAgents === 'sdk' ? cellAgents : archetype.userAgents === 'browser' ? [browser()] : chance(0.5, rng) ? cellAgents : [browser()];

      accounts.push({
        accountId: builder.newAccountId(),
        campaign: archetype.name,
        createdAt,
        emailDomain: chance(archetype.throwawayEmailShare, rng) ? pick(THROWAWAY_DOMAINS, rng) : pick(EMAIL_DOMAINS, rng),
        country: profile.country,
        plan: chance(0.55, rng) ? 'pro' : 'api',
        orgId: null,
        payments: [payment],
        events: Math.max(1, counts[accountIndex] ?? 1),
        network,
        schedule,
        ...favoritesOf(sampleDistinct(cellTemplates, Math.min(cellTemplates.length, integerBetween(1, 6, rng)), rng), rng),
        favoriteShare: 1 - archetype.coverShare,
        userAgents,
        model: 'campaign',
        groups: [],
      });
    }
  }
  return accounts;
}

/** The benign population, the two-signal confounders and the archetypes drawn from `options.archetypeSeed`. */
export function planArchetypeScenario(options: Pick<ScenarioOptions, 'scale' | 'seed'> & Partial<ScenarioOptions>, rng: RandomSource): ScenarioPlan {
  const { settings, builder } = createBuilder(options, rng);
  const archetypeSeed = settings.archetypeSeed;
  if (archetypeSeed === undefined) throw new Error('planArchetypeScenario needs an archetypeSeed');
  const targets = SCALES[settings.scale];
  const benign = planBenign(builder, targets.benignAccounts, targets.benignEvents);
  // One commercial VPN's exits: benign customers and any vpn-exits archetype share them.
  const vpnExits = Array.from({ length: integerBetween(3, 6, rng) }, () => hostingSubnet(rng));
  addTwoSignalConfounders(builder, benign.accounts, targets.benignAccounts, vpnExits);
  const homes = benign.accounts.map((account) => account.network.own[0] as string).filter((address) => !address.includes(':'));
  const list = drawArchetypes(archetypeSeed, archetypeBudget(targets));
  const accounts = [...benign.accounts];
  const campaignCells: Record<string, number> = {};
  for (const archetype of list) {
    accounts.push(...planArchetype(builder, archetype, homes, vpnExits));
    campaignCells[archetype.name] = archetype.cells;
  }
  shuffleInPlace(accounts, rng);
  return {
    options: settings,
    windowStartMs: builder.windowStartMs,
    windowEndMs: builder.windowStartMs + settings.windowDays * DAY_MS,
    accounts,
    campaignCells,
    archetypes: { seed: archetypeSeed, list },
  };
}

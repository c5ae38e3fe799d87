// Plans the population of a scenario: every account with its sign-up, plan, payment instruments,
// where its traffic comes from, which prompts it sends, how many events and when. Campaign
// accounts are linked to each other only by several weak signals (proxy pool addresses shared by
// a few of them and by benign homes, prepaid cards per group or odd issuers, their own
// templates, lockstep shifts); each benign confounder group is strong in exactly one signal.
// Account-level state only: events are produced later, one account at a time (scenario-events.ts).
import { COUNTRIES, addressInSubnet, gatewayAddresses, hostingSubnet, residentialAddress, residentialAddressV6, type CountryProfile, type Subnet24 } from './address-space.js';
import { CAMPAIGN_NAMES, PROMPT_TEMPLATES, templatesOwnedBy, type CampaignName, type PromptTemplate } from './prompt-templates.js';
import { allocateExactly, chance, cumulativeWeights, integerBetween, logNormal, pick, pickWeighted, randomToken, sampleDistinct, shuffleInPlace, type RandomSource } from './random-helpers.js';
import { SCALES, type ScaleName } from './scales.js';
import { withDefaults } from '../shared/options.js';
import type { CampaignArchetype } from './archetypes.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const CONFOUNDER_GROUPS = [
  'carrier_nat',
  'university_nat',
  'university_cohort',
  'family_card',
  'enterprise_org',
  'enterprise_pipeline',
  'vpn',
  'popular_template',
  'coding_tool',
  'prepaid_card',
  'power_user',
] as const;
export type ConfounderGroup = (typeof CONFOUNDER_GROUPS)[number];
/**
 * Benign groups added only beside campaign archetypes (archetype-plan.ts), each strong in two
 * signals at once: VPN users on a campaign's exits who signed up in one promotion, mobile users
 * behind carrier NAT with one app build and prepaid top-ups, a cohort created together doing
 * step-by-step homework, pipeline fleets (one invoice, one template, cloud addresses, batch
 * hours), families and teams sharing a card and a home, users of a popular open-source agent
 * prompt running it from cloud machines.
 */
export const TWO_SIGNAL_CONFOUNDER_GROUPS = ['vpn_campaign_exit', 'mobile_carrier_nat', 'homework_cohort', 'pipeline_fleet', 'family_team', 'agent_prompt_users'] as const;
export type TwoSignalConfounderGroup = (typeof TWO_SIGNAL_CONFOUNDER_GROUPS)[number];
export type ScenarioGroup = ConfounderGroup | TwoSignalConfounderGroup;

export interface ScenarioOptions {
  scale: ScaleName;
  seed: number;
  /** First instant of the 30-day window (RFC 3339). */
  windowStart: string;
  windowDays: number;
  /** Replace the three fixed campaigns by archetypes drawn from this seed (archetypes.ts). */
  archetypeSeed?: number;
}

export const DEFAULTS: Readonly<Omit<ScenarioOptions, 'scale' | 'seed'>> = Object.freeze({ windowStart: '2026-01-05T00:00:00Z', windowDays: 30 });

export interface PaymentPlan {
  payment_fingerprint: string;
  kind: string;
  bin: string | null;
  country: string | null;
  first_used_at: number;
}

/** How one account's requests pick a client address. */
export interface NetworkPlan {
  /** Shared addresses (proxy pool, NAT gateway, office) used with probability `sharedShare`. */
  shared: readonly string[];
  /** Or /24s a random host is drawn from per request (VPN exits, datacenter proxies). */
  subnets: readonly Subnet24[];
  sharedShare: number;
  /** The account's own addresses (home, phone, work) for the rest. */
  own: readonly string[];
}

/** When one account is active. */
export interface SchedulePlan {
  kind: 'diurnal' | 'shift' | 'batch';
  days: readonly number[];
  utcOffset: number;
  /** shift: start hour (UTC) and length of the daily window; batch: fixed UTC hours of the runs. */
  startHour: number;
  lengthHours: number;
  batchHours: readonly number[];
}

export interface AccountPlan {
  accountId: string;
  /** A fixed campaign's name, an archetype's name, or null for a benign account. */
  campaign: string | null;
  createdAt: number;
  emailDomain: string;
  country: string;
  plan: string;
  orgId: string | null;
  payments: PaymentPlan[];
  events: number;
  network: NetworkPlan;
  schedule: SchedulePlan;
  favorites: readonly PromptTemplate[];
  favoriteWeights: Float64Array;
  /** Share of requests from `favorites`; the rest come from the whole benign catalogue. */
  favoriteShare: number;
  userAgents: readonly string[];
  model: 'benign' | 'campaign' | 'pipeline';
  groups: ScenarioGroup[];
}

export interface ScenarioPlan {
  options: ScenarioOptions;
  windowStartMs: number;
  windowEndMs: number;
  /** In file order (shuffled, so campaign accounts are not contiguous). */
  accounts: AccountPlan[];
  /** Cells per campaign, in the order campaigns are planned (the manifest lists them so). */
  campaignCells: Record<string, number>;
  /** Set when campaign archetypes replaced the fixed campaigns. */
  archetypes?: { seed: number; list: CampaignArchetype[] };
}

export const BROWSER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36 Edg/132.0.0.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'ModelApp/4.12.0 (iOS 18.1; iPhone15,3)',
  'ModelApp/4.11.2 (Android 14; SM-S918B)',
];
export const SDK_AGENTS = [
  'python-httpx/0.27.2',
  'openai-python/1.54.3',
  'model-sdk-python/0.40.0',
  'model-sdk-typescript/0.32.1',
  'curl/8.5.0',
  'node-fetch/3.3.2',
  'Go-http-client/2.0',
  'python-requests/2.32.3',
];
export const EMAIL_DOMAINS = [
  'gmail.com',
  'gmail.com',
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'icloud.com',
  'hotmail.com',
  'proton.me',
  'gmx.de',
  'qq.com',
  'naver.com',
  'yandex.ru',
  'mail.com',
  'orange.fr',
];
export const THROWAWAY_DOMAINS = ['mailbox.in.ua', 'tempmail.plus', 'inboxkitten.com', 'fastmail.com', 'tuta.io'];
export const COMMON_BINS = [
  '414720',
  '426684',
  '438857',
  '451015',
  '453211',
  '476173',
  '489537',
  '510510',
  '520082',
  '522181',
  '535316',
  '542418',
  '549123',
  '552433',
  '601100',
  '371449',
  '400551',
  '402400',
  '417500',
  '455951',
];
export const PREPAID_BINS = ['533248', '511332', '404038', '485953', '531106'];
export const UNUSUAL_ISSUERS: readonly (readonly [string, string])[] = [
  ['676801', 'SC'],
  ['622202', 'HK'],
  ['458763', 'AE'],
  ['530127', 'LT'],
  ['419740', 'CY'],
];

/** Evasion and structure of each campaign, beyond its size (scales.ts). */
const CAMPAIGN_STYLES: Readonly<Record<CampaignName, { residentialShare: number; sharedPrepaidShare: number; agedShare: number; cellSize: number; operatorUtcOffset: number }>> = {
  'agentic-coding': { residentialShare: 0.75, sharedPrepaidShare: 0.6, agedShare: 0.25, cellSize: 500, operatorUtcOffset: 8 },
  'reasoning-traces': { residentialShare: 0.2, sharedPrepaidShare: 0.8, agedShare: 0.15, cellSize: 500, operatorUtcOffset: 8 },
  'cot-extraction': { residentialShare: 1, sharedPrepaidShare: 0.3, agedShare: 0.5, cellSize: 500, operatorUtcOffset: 3 },
};

/** Shares of the benign population in each confounder (minimums keep them visible at `tiny`). */
const CONFOUNDER_SIZES = {
  carrierNat: { share: 0.06, minimum: 30, accountsPerCarrier: 4_000 },
  university: { share: 0.025, minimum: 20, accountsPerUniversity: 800 },
  enterprise: { share: 0.04, minimum: 24 },
  vpn: { share: 0.03, minimum: 15 },
  familyCard: { share: 0.05 },
  prepaidCard: { share: 0.02 },
  popularTemplate: { share: 0.2 },
  codingTool: { share: 0.05 },
  powerUser: { share: 0.005, minimum: 4 },
} as const;

/** Diurnal weights by local hour: quiet at night, busy from late morning to late evening. */
const LOCAL_HOUR_WEIGHTS = [0.4, 0.25, 0.15, 0.1, 0.1, 0.15, 0.35, 0.7, 1.1, 1.5, 1.8, 1.9, 1.7, 1.8, 1.9, 1.9, 1.8, 1.7, 1.6, 1.6, 1.7, 1.6, 1.2, 0.8];
export const LOCAL_HOUR_CUMULATIVE = cumulativeWeights(LOCAL_HOUR_WEIGHTS);

const BENIGN_CATALOGUE = PROMPT_TEMPLATES.filter((template) => template.owner === 'benign');
const LONG_TAIL = BENIGN_CATALOGUE.filter((template) => !template.popular);
const POPULAR = BENIGN_CATALOGUE.filter((template) => template.popular && template.family !== 'benign-coding-tool');
const CODING_TOOL = BENIGN_CATALOGUE.filter((template) => template.family === 'benign-coding-tool');
export const HOMEWORK = BENIGN_CATALOGUE.filter((template) => template.family === 'benign-reasoning');
export const PIPELINES = templatesOwnedBy('enterprise');

/** Popular templates are drawn twenty times more often than one long-tail template by everyone. */
export const BENIGN_CATALOGUE_TEMPLATES: readonly PromptTemplate[] = BENIGN_CATALOGUE;
export const BENIGN_CATALOGUE_CUMULATIVE = cumulativeWeights(BENIGN_CATALOGUE.map((template) => (template.popular ? 20 : 1)));

const countryCumulative = cumulativeWeights(COUNTRIES.map((profile) => profile.weight));
export const pickCountry = (rng: RandomSource): CountryProfile => COUNTRIES[pickWeighted(countryCumulative, rng)] as CountryProfile;

function uniqueIdFactory(prefix: string, length: number, rng: RandomSource): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const id = `${prefix}${randomToken(length, rng)}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);

export interface Builder {
  rng: RandomSource;
  windowStartMs: number;
  windowDays: number;
  newAccountId: () => string;
  newPaymentId: () => string;
}

export function card(builder: Builder, createdAt: number, kind: string, bin: string | null, country: string | null): PaymentPlan {
  const { rng } = builder;
  const firstUse = Math.min(createdAt + Math.floor(rng() * 3 * DAY_MS), builder.windowStartMs + builder.windowDays * DAY_MS - HOUR_MS);
  return { payment_fingerprint: builder.newPaymentId(), kind, bin, country, first_used_at: Math.floor(firstUse / 1000) * 1000 };
}

export function favoritesOf(templates: readonly PromptTemplate[], rng: RandomSource): { favorites: PromptTemplate[]; favoriteWeights: Float64Array } {
  // Zipf-like preference: the first favourite is used most.
  return { favorites: [...templates], favoriteWeights: cumulativeWeights(templates.map((_, index) => 1 / (index + 1) + rng() * 0.2)) };
}

/** Days (indexes into the window) an account created at `createdAt` can be active on. */
export function daysAfter(builder: Builder, createdAt: number): number[] {
  const firstDay = Math.max(0, Math.floor((createdAt - builder.windowStartMs) / DAY_MS) + 1);
  return range(Math.min(firstDay, builder.windowDays - 1), builder.windowDays);
}

export function benignAccount(builder: Builder, overrides: Partial<AccountPlan> & { profile?: CountryProfile } = {}): AccountPlan {
  const { rng } = builder;
  const profile = overrides.profile ?? pickCountry(rng);
  const createdAt = overrides.createdAt ?? (chance(0.85, rng) ? builder.windowStartMs - Math.floor(rng() * 900 * DAY_MS) - HOUR_MS : builder.windowStartMs + Math.floor(rng() * 25 * DAY_MS));
  const plan = overrides.plan ?? pick(['free', 'free', 'free', 'free', 'free', 'pro', 'pro', 'pro', 'pro', 'api', 'api'], rng);
  const own = [chance(0.12, rng) ? residentialAddressV6(rng) : residentialAddress(profile, rng)];
  if (chance(0.25, rng)) own.push(residentialAddress(profile, rng));
  const payments = overrides.payments ?? (plan !== 'free' || chance(0.4, rng) ? [card(builder, createdAt, chance(0.9, rng) ? 'card' : 'wallet', pick(COMMON_BINS, rng), profile.country)] : []);
  const { favorites, favoriteWeights } = favoritesOf(sampleDistinct(LONG_TAIL, integerBetween(1, 4, rng), rng), rng);
  return {
    accountId: builder.newAccountId(),
    campaign: null,
    createdAt,
    emailDomain: pick(EMAIL_DOMAINS, rng),
    country: profile.country,
    plan,
    orgId: null,
    payments,
    events: 0,
    network: { shared: [], subnets: [], sharedShare: 0, own },
    schedule: { kind: 'diurnal', days: [], utcOffset: profile.utcOffset, startHour: 0, lengthHours: 24, batchHours: [] },
    favorites,
    favoriteWeights,
    favoriteShare: 0.5,
    userAgents: plan === 'api' ? [pick(SDK_AGENTS, rng)] : [pick(BROWSER_AGENTS, rng), ...(chance(0.3, rng) ? [pick(BROWSER_AGENTS, rng)] : [])],
    model: 'benign',
    groups: [],
    ...overrides,
  };
}

export function confounderSize(total: number, share: number, minimum = 0): number {
  return Math.max(minimum, Math.round(total * share));
}

/** The days a benign account is active on, from its sign-up and its volume. */
export function scheduleBenignDays(builder: Builder, account: AccountPlan): void {
  const days = daysAfter(builder, account.createdAt);
  if (account.schedule.kind === 'batch') {
    account.schedule = { ...account.schedule, days };
    return;
  }
  // Light users come back on a few days, heavy users on most of them.
  const activeDays = Math.max(1, Math.min(days.length, Math.round(1 + 29 * (1 - Math.exp(-account.events / 25)))));
  account.schedule = { ...account.schedule, days: sampleDistinct(days, activeDays, builder.rng).sort((first, second) => first - second) };
}

/** The benign population with its confounder groups; returns accounts and the events reserved for pipelines. */
export function planBenign(builder: Builder, benignAccounts: number, benignEvents: number): { accounts: AccountPlan[]; homeAddresses: string[] } {
  const { rng } = builder;
  const accounts: AccountPlan[] = [];

  // Carrier-grade NAT: a few addresses per carrier shared by thousands of unrelated phones.
  const carrierCount = confounderSize(benignAccounts, CONFOUNDER_SIZES.carrierNat.share, CONFOUNDER_SIZES.carrierNat.minimum);
  const carriers = Array.from({ length: Math.max(1, Math.round(carrierCount / CONFOUNDER_SIZES.carrierNat.accountsPerCarrier)) }, () => gatewayAddresses('carrier', integerBetween(3, 5, rng), rng));
  for (let index = 0; index < carrierCount; index += 1) {
    const account = benignAccount(builder, { userAgents: [pick(BROWSER_AGENTS.slice(4), rng)] });
    account.network = { ...account.network, shared: pick(carriers, rng), sharedShare: 0.8 };
    account.groups.push('carrier_nat');
    accounts.push(account);
  }

  // Universities: a handful of NAT addresses each; the first enrols its cohort in one burst.
  const universityCount = confounderSize(benignAccounts, CONFOUNDER_SIZES.university.share, CONFOUNDER_SIZES.university.minimum);
  const universities = Math.max(1, Math.round(universityCount / CONFOUNDER_SIZES.university.accountsPerUniversity));
  for (let university = 0; university < universities; university += 1) {
    const gateway = gatewayAddresses('campus', integerBetween(3, 6, rng), rng);
    const profile = pickCountry(rng);
    const domain = `student.${randomToken(5, rng)}.edu`;
    const burstAt = builder.windowStartMs - integerBetween(5, 60, rng) * DAY_MS + integerBetween(8, 14, rng) * HOUR_MS;
    const size = Math.round(universityCount / universities);
    for (let index = 0; index < size; index += 1) {
      const createdAt = university === 0 ? burstAt + Math.floor(rng() * 3 * HOUR_MS) : undefined;
      const account = benignAccount(builder, { profile, emailDomain: domain, plan: chance(0.8, rng) ? 'free' : 'pro', ...(createdAt === undefined ? {} : { createdAt }) });
      account.network = { ...account.network, shared: gateway, sharedShare: 0.85 };
      Object.assign(account, favoritesOf([...sampleDistinct(HOMEWORK, 2, rng), pick(POPULAR, rng)], rng), { favoriteShare: 0.6 });
      account.groups.push('university_nat');
      if (university === 0) account.groups.push('university_cohort');
      accounts.push(account);
    }
  }

  // Team and enterprise organisations: org_id, one invoice, office gateways, and pipeline service
  // accounts sending one fixed template at very high volume in scheduled batches.
  const enterpriseCount = confounderSize(benignAccounts, CONFOUNDER_SIZES.enterprise.share, CONFOUNDER_SIZES.enterprise.minimum);
  const pipelineAccounts: AccountPlan[] = [];
  for (let remaining = enterpriseCount; remaining > 0;) {
    const size = Math.min(remaining, remaining < 40 ? remaining : integerBetween(20, 200, rng));
    remaining -= size;
    const orgId = `org_${randomToken(8, rng)}`;
    const profile = pickCountry(rng);
    const domain = `${randomToken(6, rng)}.${pick(['com', 'io', 'co', 'de', 'net'], rng)}`;
    const office = gatewayAddresses('office', integerBetween(2, 4, rng), rng);
    const provisionedAt = builder.windowStartMs - integerBetween(30, 500, rng) * DAY_MS + integerBetween(9, 17, rng) * HOUR_MS;
    const plan = size < 50 ? 'team' : 'enterprise';
    const createdCard = card(builder, provisionedAt, 'invoice', null, profile.country);
    const pipelineTemplate = pick(PIPELINES, rng);
    const cloudHost = addressInSubnet(hostingSubnet(rng), rng);
    const pipelines = Math.max(1, Math.round(size * 0.1));
    for (let index = 0; index < size; index += 1) {
      const createdAt = chance(0.7, rng) ? provisionedAt + Math.floor(rng() * 2 * HOUR_MS) : provisionedAt + Math.floor(rng() * 400 * DAY_MS);
      const account = benignAccount(builder, { profile, emailDomain: domain, plan, orgId, createdAt: Math.min(createdAt, builder.windowStartMs + 20 * DAY_MS), payments: [{ ...createdCard }] });
      account.network = { ...account.network, shared: office, sharedShare: 0.7 };
      account.groups.push('enterprise_org');
      if (index < pipelines) {
        account.network = { shared: [cloudHost, ...office.slice(0, 1)], subnets: [], sharedShare: 1, own: account.network.own };
        Object.assign(account, favoritesOf([pipelineTemplate], rng), { favoriteShare: 1, userAgents: [pick(SDK_AGENTS, rng)], model: 'pipeline' as const });
        account.schedule = { ...account.schedule, kind: 'batch', batchHours: sampleDistinct(range(0, 24), integerBetween(2, 4, rng), rng) };
        account.groups.push('enterprise_pipeline');
        pipelineAccounts.push(account);
      }
      accounts.push(account);
    }
  }

  // VPN users: exits on a provider's few datacenter /24s, shared with many other customers.
  const vpnProviders = Array.from({ length: 3 }, () => Array.from({ length: integerBetween(3, 6, rng) }, () => hostingSubnet(rng)));
  const vpnCount = confounderSize(benignAccounts, CONFOUNDER_SIZES.vpn.share, CONFOUNDER_SIZES.vpn.minimum);
  for (let index = 0; index < vpnCount; index += 1) {
    const account = benignAccount(builder);
    account.network = { ...account.network, subnets: pick(vpnProviders, rng), sharedShare: 0.8 };
    account.groups.push('vpn');
    accounts.push(account);
  }

  const remaining = benignAccounts - accounts.length;
  for (let index = 0; index < remaining; index += 1) accounts.push(benignAccount(builder));

  // Cards and template habits are drawn across the whole population (not only "home" users), so
  // each confounder stays a single strong signal on top of whatever network an account has.
  const eligible = shuffleInPlace(
    accounts.filter((account) => account.orgId === null),
    rng,
  );
  let cursor = 0;
  const take = (count: number) => eligible.slice(cursor, (cursor = Math.min(eligible.length, cursor + count)));
  for (let members = take(confounderSize(benignAccounts, CONFOUNDER_SIZES.familyCard.share)); members.length > 0;) {
    const family = members.splice(0, integerBetween(2, 5, rng));
    const shared = card(builder, Math.min(...family.map((account) => account.createdAt)), 'card', pick(COMMON_BINS, rng), family[0]?.country ?? null);
    for (const account of family) {
      account.payments = [{ ...shared }];
      if (account.plan === 'free') account.plan = 'pro';
      account.groups.push('family_card');
    }
  }
  for (const account of take(confounderSize(benignAccounts, CONFOUNDER_SIZES.prepaidCard.share))) {
    // Gift and prepaid cards from the same few issuers campaigns buy from.
    account.payments = [card(builder, account.createdAt, 'prepaid', pick(PREPAID_BINS, rng), account.country)];
    account.groups.push('prepaid_card');
  }
  const habits = shuffleInPlace(
    accounts.filter((account) => account.orgId === null && !account.groups.includes('university_nat')),
    rng,
  );
  const popularCount = confounderSize(benignAccounts, CONFOUNDER_SIZES.popularTemplate.share);
  const codingCount = confounderSize(benignAccounts, CONFOUNDER_SIZES.codingTool.share);
  habits.slice(0, popularCount).forEach((account) => {
    Object.assign(account, favoritesOf([pick(POPULAR, rng), ...account.favorites.slice(0, 2)], rng), { favoriteShare: 0.7 });
    account.groups.push('popular_template');
  });
  habits.slice(popularCount, popularCount + codingCount).forEach((account) => {
    Object.assign(account, favoritesOf([...sampleDistinct(CODING_TOOL, 2, rng), ...account.favorites.slice(0, 1)], rng), { favoriteShare: 0.75 });
    if (chance(0.5, rng)) account.userAgents = [pick(SDK_AGENTS, rng)];
    account.groups.push('coding_tool');
  });

  // Heavy-tailed volume: pipelines take a fixed high volume, everyone else a log-normal share
  // (most send a little, a few power users a lot) and at least one request.
  const pipelineBudget = Math.min(Math.round(benignEvents * 0.15), pipelineAccounts.length * 2_500);
  allocateExactly(
    pipelineBudget,
    pipelineAccounts.map(() => logNormal(1, 0.4, rng)),
  ).forEach((count, index) => {
    (pipelineAccounts[index] as AccountPlan).events = Math.max(1, count);
  });
  const people = accounts.filter((account) => account.model !== 'pipeline');
  const spread = benignEvents - pipelineAccounts.reduce((sum, account) => sum + account.events, 0) - people.length;
  allocateExactly(
    Math.max(0, spread),
    people.map(() => logNormal(1, 1.7, rng)),
  ).forEach((count, index) => {
    (people[index] as AccountPlan).events = 1 + count;
  });
  const powerUsers = [...people].sort((first, second) => second.events - first.events).slice(0, confounderSize(benignAccounts, CONFOUNDER_SIZES.powerUser.share, CONFOUNDER_SIZES.powerUser.minimum));
  for (const account of powerUsers) account.groups.push('power_user');

  for (const account of accounts) scheduleBenignDays(builder, account);
  const homeAddresses = accounts.map((account) => account.network.own[0] as string).filter((address) => !address.includes(':'));
  return { accounts, homeAddresses };
}

/** One campaign: cells (sub-operations) with their own proxy slice, cards, sign-up bursts and shifts. */
function planCampaign(builder: Builder, campaign: CampaignName, accountCount: number, eventCount: number, benignHomes: readonly string[]): { accounts: AccountPlan[]; cells: number } {
  const { rng } = builder;
  const style = CAMPAIGN_STYLES[campaign];
  const templates = templatesOwnedBy(campaign);
  const eventsPerAccount = eventCount / accountCount;
  const addressesPerAccount = Math.max(3, Math.min(30, Math.round(eventsPerAccount / 8)));
  const cells = Math.max(1, Math.round(accountCount / style.cellSize));
  const accounts: AccountPlan[] = [];
  const weights = Array.from({ length: accountCount }, () => logNormal(1, 0.45, rng));
  const counts = allocateExactly(eventCount, weights);
  // A residential proxy pool: each address carries a few campaign accounts, and a third of them
  // are the homes of benign users whose devices the proxy network rents.
  const poolSize = Math.max(8, Math.round((accountCount * addressesPerAccount) / 4));
  const pool = Array.from({ length: poolSize }, () => (chance(0.3, rng) && benignHomes.length > 0 ? pick(benignHomes, rng) : residentialAddress(pickCountry(rng), rng)));
  let accountIndex = 0;
  for (let cell = 0; cell < cells; cell += 1) {
    const cellAccounts = Math.round(((cell + 1) * accountCount) / cells) - Math.round((cell * accountCount) / cells);
    const residential = chance(style.residentialShare, rng);
    const slice = pool.slice(Math.floor((cell * poolSize) / cells), Math.floor(((cell + 1) * poolSize) / cells));
    const subnets = residential ? [] : Array.from({ length: integerBetween(6, 16, rng) }, () => hostingSubnet(rng));
    const sharedPrepaid = chance(style.sharedPrepaidShare, rng);
    const prepaidBins = sampleDistinct(PREPAID_BINS, integerBetween(1, 2, rng), rng);
    const issuers = sampleDistinct(UNUSUAL_ISSUERS, 3, rng);
    const cellTemplates = sampleDistinct(templates, Math.max(3, Math.round(templates.length * (0.6 + rng() * 0.4))), rng);
    const agents = sampleDistinct(SDK_AGENTS, integerBetween(1, 2, rng), rng);
    // Lockstep: one shift a day, on most days, in the operators' working hours.
    const startHour = (((integerBetween(8, 11, rng) - style.operatorUtcOffset) % 24) + 24) % 24;
    const lengthHours = integerBetween(7, 10, rng);
    const firstDay = integerBetween(0, 8, rng);
    const operationDays = sampleDistinct(range(firstDay, builder.windowDays), Math.max(1, Math.round((builder.windowDays - firstDay) * (0.7 + rng() * 0.25))), rng).sort(
      (first, second) => first - second,
    );
    const bursts = Array.from({ length: integerBetween(1, 3, rng) }, () => builder.windowStartMs + (firstDay - integerBetween(1, 14, rng)) * DAY_MS + integerBetween(0, 23, rng) * HOUR_MS);
    let group: PaymentPlan | undefined;
    let groupLeft = 0;
    for (let index = 0; index < cellAccounts; index += 1, accountIndex += 1) {
      const aged = chance(style.agedShare, rng);
      const createdAt = aged ? builder.windowStartMs - integerBetween(200, 1_100, rng) * DAY_MS - integerBetween(0, 23, rng) * HOUR_MS : pick(bursts, rng) + Math.floor(rng() * 3 * HOUR_MS);
      const profile = pickCountry(rng);
      let payment: PaymentPlan;
      if (sharedPrepaid) {
        if (!group || groupLeft === 0) {
          group = card(builder, createdAt, 'prepaid', pick(prepaidBins, rng), pick(['US', 'GB', 'LT'], rng));
          groupLeft = integerBetween(5, 30, rng);
        }
        groupLeft -= 1;
        payment = { ...group };
      } else {
        const [bin, country] = pick(issuers, rng);
        payment = card(builder, createdAt, 'card', bin, country);
      }
      const addresses = residential ? Array.from({ length: addressesPerAccount }, () => (chance(0.85, rng) && slice.length > 0 ? pick(slice, rng) : pick(pool, rng))) : [];
      const days = operationDays.filter((day) => builder.windowStartMs + day * DAY_MS > createdAt + HOUR_MS);
      const activeDays = sampleDistinct(days.length > 0 ? days : [builder.windowDays - 1], Math.max(1, Math.round(days.length * (0.8 + rng() * 0.2))), rng).sort((first, second) => first - second);
      accounts.push({
        accountId: builder.newAccountId(),
        campaign,
        createdAt,
        emailDomain: chance(0.75, rng) ? pick(EMAIL_DOMAINS, rng) : pick(THROWAWAY_DOMAINS, rng),
        country: profile.country,
        plan: chance(0.55, rng) ? 'pro' : 'api',
        orgId: null,
        payments: [payment],
        events: counts[accountIndex] ?? 0,
        network: { shared: addresses, subnets, sharedShare: 1, own: [] },
        schedule: { kind: 'shift', days: activeDays, utcOffset: style.operatorUtcOffset, startHour, lengthHours, batchHours: [] },
        ...favoritesOf(sampleDistinct(cellTemplates, integerBetween(3, 6, rng), rng), rng),
        // Cover traffic: a few everyday prompts so the mix is not purely extraction.
        favoriteShare: 0.88,
        userAgents: agents,
        model: 'campaign',
        groups: [],
      });
    }
  }
  return { accounts, cells };
}

/** The options with their defaults, and the builder every planner draws from. */
export function createBuilder(options: Pick<ScenarioOptions, 'scale' | 'seed'> & Partial<ScenarioOptions>, rng: RandomSource): { settings: ScenarioOptions; builder: Builder } {
  const settings: ScenarioOptions = withDefaults(DEFAULTS, options);
  const windowStartMs = Date.parse(settings.windowStart);
  if (Number.isNaN(windowStartMs)) throw new Error(`invalid window start ${settings.windowStart}`);
  return { settings, builder: { rng, windowStartMs, windowDays: settings.windowDays, newAccountId: uniqueIdFactory('acct_', 10, rng), newPaymentId: uniqueIdFactory('pm_', 18, rng) } };
}

/** The population with the three fixed campaigns (archetype-plan.ts plans archetypes instead). */
export function planScenario(options: Pick<ScenarioOptions, 'scale' | 'seed'> & Partial<ScenarioOptions>, rng: RandomSource): ScenarioPlan {
  const { settings, builder } = createBuilder(options, rng);
  const { windowStartMs } = builder;
  const targets = SCALES[settings.scale];
  const benign = planBenign(builder, targets.benignAccounts, targets.benignEvents);
  const accounts = [...benign.accounts];
  const campaignCells: Record<string, number> = {};
  for (const campaign of CAMPAIGN_NAMES) {
    const target = targets.campaigns[campaign];
    const planned = planCampaign(builder, campaign, target.accounts, target.events, benign.homeAddresses);
    accounts.push(...planned.accounts);
    campaignCells[campaign] = planned.cells;
  }
  shuffleInPlace(accounts, rng);
  return { options: settings, windowStartMs, windowEndMs: windowStartMs + settings.windowDays * DAY_MS, accounts, campaignCells };
}

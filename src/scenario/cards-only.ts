// The cards-and-devices batch (`hydrascope generate --variant cards-only`): what an API provider
// might hand over when prompts and client addresses are withheld. Accounts, payments and events,
// where no event carries a prompt and every account has one private address of its own (so no
// address or network links two accounts); ~20% of all accounts carry a created_at on the first
// day of the window (an import artefact, not a sign-up burst); benign families share a card (2-5
// accounts, some also one device); a few labelled fraud rings (`ring-<n>`) share one or two cards
// among 5-15 accounts and mostly one device build. Pure, like generate-scenario.ts: rows come out
// as iterators drawn from one seeded stream.
import { ownAddress } from '../evaluation/robustness-variants.js';
import { seededRandom, type RandomSource } from '../shared/random.js';
import { COUNTRIES } from './address-space.js';
import type { ScenarioManifest } from './generate-scenario.js';
import { allocateExactly, chance, integerBetween, logNormal, pick, randomToken, sampleDistinct, shuffleInPlace } from './random-helpers.js';
import { SCALES } from './scales.js';
import { eventId, eventIdPrefix, isoSeconds, timestampsOf } from './scenario-events.js';
import { accountRows, labelRows, paymentRows } from './scenario-rows.js';
import {
  BROWSER_AGENTS,
  COMMON_BINS,
  DAY_MS,
  HOUR_MS,
  PREPAID_BINS,
  benignAccount,
  card,
  confounderSize,
  createBuilder,
  range,
  scheduleBenignDays,
  type AccountPlan,
  type Builder,
  type ScenarioOptions,
} from './scenario-plan.js';

export const CARDS_ONLY_VARIANT = 'cards-only';
export const CARDS_ONLY_GROUPS = ['family_card', 'family_device', 'signup_day_one'] as const;
export type CardsOnlyGroup = (typeof CARDS_ONLY_GROUPS)[number];

/** Sizes of the batch's structures, as shares of the benign population. */
export const CARDS_ONLY_SHAPE = Object.freeze({
  dayOneShare: 0.2,
  familyShare: 0.05,
  familySize: [2, 5] as const,
  familyDeviceShare: 0.4,
  /** One ring per this many benign accounts, at least three. */
  benignAccountsPerRing: 2_500,
  minimumRings: 3,
  ringSize: [5, 15] as const,
  ringEventsPerAccount: [40, 400] as const,
});

/** One events.ndjson line of this batch: the contract's fields without prompt or fingerprint. */
export interface DeviceEventOutput {
  event_id: string;
  account_id: string;
  ts: string;
  ip: string;
  user_agent: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
}

export interface CardsOnlyPlan {
  options: ScenarioOptions;
  windowStartMs: number;
  windowEndMs: number;
  /** In file order; an account's private address is ownAddress(its position). */
  accounts: AccountPlan[];
  groups: Map<string, CardsOnlyGroup[]>;
  rings: Array<{ name: string; accounts: number; cards: number; device: string }>;
}

const MODELS = ['frontier-large-2026-01', 'frontier-medium-2026-01', 'frontier-small-2025-10'] as const;
const PHONES = ['SM-G960F', 'SM-A515F', 'Redmi Note 8', 'moto g(7)', 'CPH2127', 'V2027', 'RMX2185'];
const TABLETS = ['iPad13,1', 'iPad14,2', 'iPad12,1', 'SM-X710', 'Lenovo TB-J606F'];

function ringDevice(rng: RandomSource): string {
  return `Dalvik/2.1.0 (Linux; U; Android ${integerBetween(9, 13, rng)}; ${pick(PHONES, rng)} Build/${randomToken(3, rng).toUpperCase()}${integerBetween(1, 9, rng)}.${integerBetween(180_000, 231_231, rng)}.${randomToken(3, rng)})`;
}

function familyDevice(rng: RandomSource): string {
  return `ModelApp/4.${integerBetween(6, 12, rng)}.${integerBetween(0, 9, rng)} (${pick(TABLETS, rng)}; build ${integerBetween(1_000, 9_999, rng)})`;
}

function planRings(builder: Builder, count: number): { accounts: AccountPlan[]; rings: CardsOnlyPlan['rings'] } {
  const { rng } = builder;
  const accounts: AccountPlan[] = [];
  const rings: CardsOnlyPlan['rings'] = [];
  for (let ring = 1; ring <= count; ring += 1) {
    const name = `ring-${ring}`;
    const size = integerBetween(...CARDS_ONLY_SHAPE.ringSize, rng);
    const device = ringDevice(rng);
    const burst = chance(0.5, rng) ? builder.windowStartMs - integerBetween(1, 20, rng) * DAY_MS : null;
    const operatorOffset = pick(COUNTRIES, rng).utcOffset;
    const startHour = (((integerBetween(8, 12, rng) - operatorOffset) % 24) + 24) % 24;
    const lengthHours = integerBetween(5, 10, rng);
    const prepaid = chance(0.5, rng);
    const cards = chance(0.6, rng) ? 1 : 2;
    const perAccount = integerBetween(...CARDS_ONLY_SHAPE.ringEventsPerAccount, rng);
    let shared: AccountPlan['payments'] = [];
    for (let index = 0; index < size; index += 1) {
      const createdAt = burst === null ? builder.windowStartMs - Math.floor(rng() * 90 * DAY_MS) : burst + Math.floor(rng() * 36 * HOUR_MS);
      if (index === 0)
        shared = Array.from({ length: cards }, () => card(builder, createdAt, prepaid ? 'prepaid' : 'card', pick(prepaid ? PREPAID_BINS : COMMON_BINS, rng), pick(['US', 'GB', 'LT', 'CY'], rng)));
      const account = benignAccount(builder, { createdAt, plan: chance(0.6, rng) ? 'pro' : 'api' });
      account.campaign = name;
      account.model = 'campaign';
      account.payments = shared.slice(0, index % 2 === 1 ? cards : 1).map((payment) => ({ ...payment }));
      account.userAgents = chance(0.8, rng) ? [device] : [pick(BROWSER_AGENTS, rng)];
      account.events = Math.max(1, Math.round(logNormal(perAccount, 0.4, rng)));
      account.schedule = { kind: 'shift', days: [], utcOffset: operatorOffset, startHour, lengthHours, batchHours: [] };
      accounts.push(account);
    }
    rings.push({ name, accounts: size, cards, device });
  }
  return { accounts, rings };
}

export function planCardsOnly(options: Pick<ScenarioOptions, 'scale' | 'seed'> & Partial<ScenarioOptions>, rng: RandomSource): CardsOnlyPlan {
  const { settings, builder } = createBuilder(options, rng);
  const targets = SCALES[settings.scale];
  const groups = new Map<string, CardsOnlyGroup[]>();
  const join = (account: AccountPlan, group: CardsOnlyGroup) => groups.set(account.accountId, [...(groups.get(account.accountId) ?? []), group]);

  const benign = Array.from({ length: targets.benignAccounts }, () => benignAccount(builder));
  const counts = allocateExactly(
    targets.benignEvents - benign.length,
    benign.map(() => logNormal(1, 1.7, rng)),
  );
  benign.forEach((account, index) => {
    account.events = 1 + (counts[index] ?? 0);
  });

  // Families: 2-5 accounts on one card, some also on one tablet.
  const families = shuffleInPlace([...benign], rng).slice(0, confounderSize(targets.benignAccounts, CARDS_ONLY_SHAPE.familyShare));
  while (families.length > 0) {
    const family = families.splice(0, integerBetween(...CARDS_ONLY_SHAPE.familySize, rng));
    const shared = card(builder, Math.min(...family.map((account) => account.createdAt)), 'card', pick(COMMON_BINS, rng), family[0]?.country ?? null);
    const device = chance(CARDS_ONLY_SHAPE.familyDeviceShare, rng) ? familyDevice(rng) : null;
    for (const account of family) {
      account.payments = [{ ...shared }];
      if (account.plan === 'free') account.plan = 'pro';
      join(account, 'family_card');
      if (device !== null) {
        account.userAgents = [device, ...account.userAgents.slice(0, 1)];
        join(account, 'family_device');
      }
    }
  }

  const ringCount = Math.max(CARDS_ONLY_SHAPE.minimumRings, Math.round(targets.benignAccounts / CARDS_ONLY_SHAPE.benignAccountsPerRing));
  const { accounts: ringAccounts, rings } = planRings(builder, ringCount);
  const accounts = shuffleInPlace([...benign, ...ringAccounts], rng);

  // The artefact: a fifth of all accounts, rings and benign alike, stamped with the window's first day.
  for (const account of sampleDistinct(accounts, Math.round(accounts.length * CARDS_ONLY_SHAPE.dayOneShare), rng)) {
    account.createdAt = chance(0.5, rng) ? builder.windowStartMs : builder.windowStartMs + Math.floor(rng() * DAY_MS);
    for (const payment of account.payments) payment.first_used_at = Math.max(payment.first_used_at, Math.floor(account.createdAt / 1000) * 1000);
    if (account.campaign === null) join(account, 'signup_day_one');
  }

  for (const account of accounts) {
    if (account.campaign === null) {
      scheduleBenignDays(builder, account);
      continue;
    }
    const days = range(0, builder.windowDays).filter((day) => builder.windowStartMs + day * DAY_MS > account.createdAt + HOUR_MS);
    const usable = days.length > 0 ? days : [builder.windowDays - 1];
    account.schedule = { ...account.schedule, days: sampleDistinct(usable, Math.max(1, Math.round(usable.length * (0.6 + rng() * 0.3))), rng).sort((first, second) => first - second) };
  }
  return { options: settings, windowStartMs: builder.windowStartMs, windowEndMs: builder.windowStartMs + settings.windowDays * DAY_MS, accounts, groups, rings };
}

export interface CardsOnlyScenario {
  plan: CardsOnlyPlan;
  eventsTotal: number;
  accountRows(): Iterable<object>;
  paymentRows(): Iterable<object>;
  labelRows(): Iterable<{ account_id: string; campaign: string | null }>;
  confounderRows(): Iterable<{ account_id: string; group: CardsOnlyGroup }>;
  /** Consumes the random stream: call once, after the other files. */
  eventRows(): Iterable<DeviceEventOutput>;
  manifest(files: ScenarioManifest['files'], gzip: boolean): ScenarioManifest;
}

export function createCardsOnlyScenario(options: Pick<ScenarioOptions, 'scale' | 'seed'> & Partial<ScenarioOptions>): CardsOnlyScenario {
  const rng = seededRandom(options.seed);
  const plan = planCardsOnly(options, rng);
  const eventsTotal = plan.accounts.reduce((sum, account) => sum + account.events, 0);
  return {
    plan,
    eventsTotal,
    accountRows: () => accountRows(plan.accounts),
    paymentRows: () => paymentRows(plan.accounts),
    labelRows: () => labelRows(plan.accounts),
    *confounderRows() {
      for (const account of plan.accounts) for (const group of plan.groups.get(account.accountId) ?? []) yield { account_id: account.accountId, group };
    },
    *eventRows() {
      const prefix = `cards-${eventIdPrefix(plan)}`;
      let number = 0;
      for (const [position, account] of plan.accounts.entries()) {
        const ip = ownAddress(position);
        const ring = account.campaign !== null;
        for (const time of timestampsOf(plan, account, rng)) {
          number += 1;
          const draw = rng();
          yield {
            event_id: eventId(prefix, number),
            account_id: account.accountId,
            ts: isoSeconds(time),
            ip,
            user_agent: account.userAgents[Math.floor(rng() * account.userAgents.length)] as string,
            model: ring ? (draw < 0.9 ? MODELS[0] : MODELS[1]) : (MODELS[draw < 0.4 ? 0 : draw < 0.85 ? 1 : 2] as string),
            input_tokens: Math.max(1, Math.round(logNormal(ring ? 600 : 300, 0.8, rng))),
            output_tokens: Math.max(1, Math.min(32_000, Math.round(logNormal(ring ? 1_500 : 350, ring ? 0.5 : 0.8, rng)))),
          };
        }
      }
    },
    manifest(files, gzip) {
      const targets = SCALES[plan.options.scale];
      const campaigns: ScenarioManifest['campaigns'] = {};
      let campaignEvents = 0;
      for (const ring of plan.rings) {
        const events = plan.accounts.filter((account) => account.campaign === ring.name).reduce((sum, account) => sum + account.events, 0);
        campaignEvents += events;
        campaigns[ring.name] = { accounts: ring.accounts, events, event_share_of_campaign_events: 0, cells: 1, templates: [] };
      }
      for (const entry of Object.values(campaigns)) entry.event_share_of_campaign_events = Math.round((entry.events / campaignEvents) * 1e6) / 1e6;
      const members = Object.fromEntries(CARDS_ONLY_GROUPS.map((group) => [group, [] as string[]])) as Record<CardsOnlyGroup, string[]>;
      for (const account of plan.accounts) for (const group of plan.groups.get(account.accountId) ?? []) members[group].push(account.accountId);
      const benign = plan.accounts.filter((account) => account.campaign === null);
      const benignEvents = benign.reduce((sum, account) => sum + account.events, 0);
      const dayOne = plan.accounts.filter((account) => account.createdAt >= plan.windowStartMs && account.createdAt < plan.windowStartMs + DAY_MS).length;
      const manifest: ScenarioManifest = {
        generator: 'hydrascope-scenario/1',
        variant: CARDS_ONLY_VARIANT,
        scale: plan.options.scale,
        seed: plan.options.seed,
        window: { start: isoSeconds(plan.windowStartMs), end: isoSeconds(plan.windowEndMs), days: plan.options.windowDays },
        gzip,
        files,
        accounts: { total: plan.accounts.length, benign: benign.length, campaign: plan.accounts.length - benign.length },
        events: { total: eventsTotal, benign: benignEvents, campaign: eventsTotal - benignEvents },
        campaigns,
        targets,
        confounder_counts: Object.fromEntries(CARDS_ONLY_GROUPS.map((group) => [group, members[group].length])),
        day_one_signups: { accounts: dayOne, share: Math.round((dayOne / plan.accounts.length) * 1e4) / 1e4 },
        rings: plan.rings,
      };
      if (targets.listConfounderIds) manifest.confounders = members;
      return manifest;
    },
  };
}

// Campaign archetypes: distillation campaigns whose behaviour is drawn from a seeded space of
// parameters instead of the three fixed campaigns of scenario-plan.ts, so an evaluation can be
// run on campaigns nobody tuned the detector to (a held-out set of archetype seeds). Each draw
// decides how many accounts, how busy, how the accounts pay (shared prepaid cards, a few ordinary
// cards each paying for many accounts, own cards from odd issuers, or own ordinary cards: no payment signal),
// where traffic comes from (a residential proxy pool, datacenter /24s, a commercial VPN's exits
// shared with benign users, or the accounts' own addresses: no shared address), which prompts
// (1-12 templates from archetype-lexicon.ts, worded apart from the phrase rules, or some of the
// fixed campaigns' templates), when accounts sign up (1-3 bursts, or spread over up to a year)
// and act (lockstep shifts or diurnal), in how many cells, and with how much cover traffic.
// Pure: the same seed and budget give the same archetypes; scenario.json records them.
import { lexiconTemplates, LEXICON_THEMES, type LexiconTheme } from './archetype-lexicon.js';
import { CAMPAIGN_NAMES, templatesOwnedBy, type CampaignName, type PromptFamily } from './prompt-templates.js';
import { allocateExactly, chance, integerBetween, logNormal, pick, sampleDistinct, type RandomSource } from './random-helpers.js';
import type { ScaleTargets } from './scales.js';
import { seededRandom } from '../shared/random.js';

export const INSTRUMENT_SHARING = ['shared-prepaid', 'few-cards', 'own-cards-rare-issuer', 'own-cards-common-issuer'] as const;
export type InstrumentSharing = (typeof INSTRUMENT_SHARING)[number];
export const ADDRESS_STYLES = ['residential-proxy-pool', 'datacenter-subnets', 'vpn-exits', 'own-addresses'] as const;
export type AddressStyle = (typeof ADDRESS_STYLES)[number];

const SHORT_ADDRESS: Readonly<Record<AddressStyle, string>> = { 'residential-proxy-pool': 'proxy', 'datacenter-subnets': 'dc', 'vpn-exits': 'vpn', 'own-addresses': 'own' };
const SHORT_INSTRUMENT: Readonly<Record<InstrumentSharing, string>> = {
  'shared-prepaid': 'prepaid',
  'few-cards': 'fewcards',
  'own-cards-rare-issuer': 'rareissuer',
  'own-cards-common-issuer': 'owncards',
};

/** Bounds of the space, named so tests and the manifest can cite them. */
export const ARCHETYPE_LIMITS = Object.freeze({
  archetypes: [3, 8] as const,
  /** Events per account: from a handful to a heavy distiller. */
  eventsPerAccount: [5, 800] as const,
  /** The one small, quiet archetype every draw has. */
  smallAccounts: 60,
  smallEventsPerAccount: [5, 30] as const,
  prepaidGroupSize: [3, 30] as const,
  /** few-cards: accounts each ordinary card pays for. */
  accountsPerCard: [6, 60] as const,
  templates: [1, 12] as const,
  bursts: [1, 3] as const,
  spreadDays: [20, 365] as const,
  cells: 12,
  coverShare: [0.02, 0.5] as const,
});

export interface ArchetypeBudget {
  accounts: number;
  /** Upper bound on all archetypes' events together. */
  events: number;
}

export interface ArchetypeTemplate {
  id: string;
  family: PromptFamily;
  text: string;
}

export interface CampaignArchetype {
  /** The label: `a<seed>-<index>-<address style>-<instrument sharing>`, e.g. `a7-2-vpn-fewcards`. */
  name: string;
  index: number;
  accounts: number;
  events: number;
  eventsPerAccount: number;
  instruments: {
    sharing: InstrumentSharing;
    /** shared-prepaid: accounts per prepaid card; few-cards: accounts per ordinary card. */
    groupSize: number | null;
    /** few-cards: the cards paying for all the archetype's accounts (accounts / groupSize). */
    cards: number | null;
    /** own-cards-rare-issuer: distinct odd issuers the cards come from. */
    issuers: number | null;
  };
  addresses: {
    style: AddressStyle;
    /** residential-proxy-pool: campaign accounts per proxy address, and the share of pool addresses that are benign homes. */
    accountsPerAddress: number | null;
    benignHomeShare: number | null;
    /** datacenter-subnets: /24s per cell. */
    subnetsPerCell: number | null;
  };
  prompts: {
    wording: 'lexicon' | 'campaign-templates';
    themes: LexiconTheme[];
    /** campaign-templates: whose templates are reused. */
    source: CampaignName | null;
    templates: ArchetypeTemplate[];
  };
  signups: { kind: 'bursts'; bursts: number; burstHours: number } | { kind: 'spread'; days: number };
  activity: { kind: 'lockstep'; shiftHours: number; activeDayShare: number } | { kind: 'diurnal'; activeDayShare: number };
  operatorUtcOffset: number;
  cells: number;
  /** Share of requests drawn from the everyday benign catalogue. */
  coverShare: number;
  userAgents: 'sdk' | 'browser' | 'mixed';
  throwawayEmailShare: number;
}

/** The campaign budget of a scale: its three fixed campaigns' accounts and events together. */
export function archetypeBudget(targets: Pick<ScaleTargets, 'campaigns'>): ArchetypeBudget {
  const campaigns = Object.values(targets.campaigns);
  return { accounts: campaigns.reduce((sum, campaign) => sum + campaign.accounts, 0), events: campaigns.reduce((sum, campaign) => sum + campaign.events, 0) };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const logUniform = (low: number, high: number, rng: RandomSource) => Math.round(Math.exp(Math.log(low) + rng() * (Math.log(high) - Math.log(low))));

/** Account counts: one small archetype (<= 60), the rest log-normal shares, none below `minimum`. */
function archetypeSizes(count: number, smallIndex: number, budget: number, rng: RandomSource): number[] {
  const minimum = Math.max(3, Math.min(8, Math.floor(budget / (count * 4))));
  const small = integerBetween(minimum, Math.max(minimum, Math.min(ARCHETYPE_LIMITS.smallAccounts, Math.round(budget * 0.1))), rng);
  const others = allocateExactly(
    budget - small,
    Array.from({ length: count - 1 }, () => logNormal(1, 0.9, rng)),
  );
  // Lift any below the minimum, taking from the largest.
  for (let index = 0; index < others.length; index += 1) {
    while ((others[index] as number) < minimum) {
      const largest = others.indexOf(Math.max(...others));
      if (largest === index || (others[largest] as number) <= minimum) break;
      others[largest] = (others[largest] as number) - 1;
      others[index] = (others[index] as number) + 1;
    }
  }
  others.splice(smallIndex, 0, small);
  return others;
}

function drawTemplates(name: string, rng: RandomSource): CampaignArchetype['prompts'] {
  const count = integerBetween(ARCHETYPE_LIMITS.templates[0], ARCHETYPE_LIMITS.templates[1], rng);
  if (chance(0.25, rng)) {
    // Some archetypes reuse a fixed campaign's wording, so the phrase rules are sometimes of use.
    const source = pick(CAMPAIGN_NAMES, rng);
    const reused = sampleDistinct(templatesOwnedBy(source), count, rng);
    return { wording: 'campaign-templates', themes: [], source, templates: reused.map((template) => ({ id: template.id, family: template.family, text: template.text })) };
  }
  const themes = sampleDistinct(LEXICON_THEMES, integerBetween(1, 2, rng), rng);
  const templates = lexiconTemplates(themes, count, rng).map((template, index) => ({ id: `${name}-t${index + 1}`, family: template.family, text: template.text }));
  return { wording: 'lexicon', themes, source: null, templates };
}

function drawArchetype(seed: number, index: number, accounts: number, small: boolean, rng: RandomSource): CampaignArchetype {
  const sharing = pick(INSTRUMENT_SHARING, rng);
  const style = pick(ADDRESS_STYLES, rng);
  const name = `a${seed}-${index}-${SHORT_ADDRESS[style]}-${SHORT_INSTRUMENT[sharing]}`;
  const eventsPerAccount = small ? integerBetween(...ARCHETYPE_LIMITS.smallEventsPerAccount, rng) : logUniform(...ARCHETYPE_LIMITS.eventsPerAccount, rng);
  const prepaidGroup = integerBetween(...ARCHETYPE_LIMITS.prepaidGroupSize, rng);
  const perCard = integerBetween(...ARCHETYPE_LIMITS.accountsPerCard, rng);
  const instruments: CampaignArchetype['instruments'] = {
    sharing,
    groupSize: sharing === 'shared-prepaid' ? prepaidGroup : sharing === 'few-cards' ? perCard : null,
    cards: sharing === 'few-cards' ? Math.max(1, Math.round(accounts / perCard)) : null,
    issuers: sharing === 'own-cards-rare-issuer' ? integerBetween(1, 3, rng) : null,
  };
  const addresses: CampaignArchetype['addresses'] = {
    style,
    accountsPerAddress: style === 'residential-proxy-pool' ? integerBetween(2, 6, rng) : null,
    benignHomeShare: style === 'residential-proxy-pool' ? round2(0.1 + rng() * 0.4) : null,
    subnetsPerCell: style === 'datacenter-subnets' ? integerBetween(2, 16, rng) : null,
  };
  const prompts = drawTemplates(name, rng);
  const signups: CampaignArchetype['signups'] = chance(0.55, rng)
    ? { kind: 'bursts', bursts: integerBetween(...ARCHETYPE_LIMITS.bursts, rng), burstHours: integerBetween(1, 12, rng) }
    : { kind: 'spread', days: integerBetween(...ARCHETYPE_LIMITS.spreadDays, rng) };
  const activeDayShare = round2(0.3 + rng() * 0.65);
  const activity: CampaignArchetype['activity'] = chance(0.6, rng) ? { kind: 'lockstep', shiftHours: integerBetween(3, 10, rng), activeDayShare } : { kind: 'diurnal', activeDayShare };
  // One operation in many pieces: larger archetypes may split into cells with their own resources.
  // Every draw is made at every size, so one seed gives the same kinds of archetype at every scale.
  const single = chance(0.4, rng);
  const pieces = integerBetween(2, ARCHETYPE_LIMITS.cells, rng);
  const cells = accounts < 30 || single ? 1 : Math.max(2, Math.min(pieces, Math.floor(accounts / 12)));
  return {
    name,
    index,
    accounts,
    events: accounts * eventsPerAccount,
    eventsPerAccount,
    instruments,
    addresses,
    prompts,
    signups,
    activity,
    operatorUtcOffset: pick([-5, 0, 1, 2, 3, 5, 7, 8, 9], rng),
    cells,
    coverShare: round2(ARCHETYPE_LIMITS.coverShare[0] + rng() * (ARCHETYPE_LIMITS.coverShare[1] - ARCHETYPE_LIMITS.coverShare[0])),
    userAgents: pick(['sdk', 'browser', 'mixed'] as const, rng),
    throwawayEmailShare: round2(rng() * 0.5),
  };
}

/**
 * 3-8 archetypes whose accounts add up to `budget.accounts` exactly and whose events stay within
 * `budget.events` (volumes are scaled down together when the draw exceeds it, to at least 5 per
 * account). One of them is small (at most 60 accounts) and quiet (5-30 events per account).
 */
export function drawArchetypes(archetypeSeed: number, budget: ArchetypeBudget): CampaignArchetype[] {
  const rng = seededRandom(archetypeSeed);
  const count = Math.min(integerBetween(...ARCHETYPE_LIMITS.archetypes, rng), Math.max(1, Math.floor(budget.accounts / 6)));
  const smallIndex = integerBetween(0, count - 1, rng);
  const sizes = archetypeSizes(count, smallIndex, budget.accounts, rng);
  const archetypes = sizes.map((accounts, index) => drawArchetype(archetypeSeed, index, accounts, index === smallIndex, rng));
  const total = archetypes.reduce((sum, archetype) => sum + archetype.events, 0);
  if (total > budget.events) {
    const factor = budget.events / total;
    for (const archetype of archetypes) {
      archetype.eventsPerAccount = Math.max(ARCHETYPE_LIMITS.eventsPerAccount[0], Math.floor(archetype.eventsPerAccount * factor));
      archetype.events = archetype.accounts * archetype.eventsPerAccount;
    }
  }
  return archetypes;
}

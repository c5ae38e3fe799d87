// The pure core of `hydrascope generate`: from a scale and a seed, the planned population and the
// rows of every output file, in file order, drawn from one seeded random stream (same seed, same
// rows). Rows come out as iterators so the writer can stream them with bounded memory. With an
// archetype seed, drawn campaign archetypes replace the three fixed campaigns (archetype-plan.ts).
import { seededRandom, type RandomSource } from '../shared/random.js';
import { planArchetypeScenario } from './archetype-plan.js';
import type { CampaignArchetype } from './archetypes.js';
import { templatesOwnedBy, type CampaignName } from './prompt-templates.js';
import { SCALES } from './scales.js';
import { CONFOUNDER_GROUPS, TWO_SIGNAL_CONFOUNDER_GROUPS, planScenario, type ScenarioGroup, type ScenarioOptions, type ScenarioPlan } from './scenario-plan.js';
import { eventIdPrefix, eventsOfAccount, isoSeconds, type EventCounter, type EventOutput } from './scenario-events.js';
import { accountRows, labelRows, paymentRows, type AccountOutput, type LabelOutput, type PaymentOutput } from './scenario-rows.js';

export type { AccountOutput, LabelOutput, PaymentOutput } from './scenario-rows.js';

export interface ConfounderOutput {
  account_id: string;
  group: ScenarioGroup;
}

export interface Scenario {
  plan: ScenarioPlan;
  accountRows(): Iterable<AccountOutput>;
  paymentRows(): Iterable<PaymentOutput>;
  labelRows(): Iterable<LabelOutput>;
  confounderRows(): Iterable<ConfounderOutput>;
  /** Consumes the random stream: call once, after the other files (the order is part of the seed's output). */
  eventRows(): Iterable<EventOutput>;
}

export function createScenario(options: Pick<ScenarioOptions, 'scale' | 'seed'> & Partial<ScenarioOptions>): Scenario {
  const rng: RandomSource = seededRandom(options.seed);
  const plan = options.archetypeSeed === undefined ? planScenario(options, rng) : planArchetypeScenario(options, rng);
  return {
    plan,
    accountRows: () => accountRows(plan.accounts),
    paymentRows: () => paymentRows(plan.accounts),
    labelRows: () => labelRows(plan.accounts),
    *confounderRows() {
      for (const account of plan.accounts) for (const group of account.groups) yield { account_id: account.accountId, group };
    },
    *eventRows() {
      const counter: EventCounter = { next: 0, prefix: eventIdPrefix(plan) };
      for (const account of plan.accounts) yield* eventsOfAccount(plan, account, rng, counter);
    },
  };
}

export interface ScenarioManifest {
  generator: string;
  /** Set for a batch other than the full scenario: `cards-only` (cards-only.ts). */
  variant?: string;
  scale: string;
  seed: number;
  window: { start: string; end: string; days: number };
  gzip: boolean;
  files: Record<string, { name: string; rows: number }>;
  accounts: { total: number; benign: number; campaign: number };
  events: { total: number; benign: number; campaign: number };
  /** By campaign name: the three fixed campaigns, or the archetypes when an archetype seed was given. */
  campaigns: Record<string, { accounts: number; events: number; event_share_of_campaign_events: number; cells: number; templates: string[] }>;
  targets: (typeof SCALES)[keyof typeof SCALES];
  /** By group name (ConfounderGroup, and the archetype or cards-only batches' own groups). */
  confounder_counts: Record<string, number>;
  /** Account ids per confounder group; only at tiny and small (confounders.ndjson has them at every scale). */
  confounders?: Record<string, string[]>;
  /** With an archetype seed: the seed and every archetype's drawn parameters. */
  archetype_seed?: number;
  archetypes?: CampaignArchetype[];
  /** cards-only: accounts whose created_at falls on the window's first day, and the fraud rings. */
  day_one_signups?: { accounts: number; share: number };
  rings?: Array<{ name: string; accounts: number; cards: number; device: string }>;
}

export function scenarioManifest(plan: ScenarioPlan, files: ScenarioManifest['files'], gzip: boolean): ScenarioManifest {
  const targets = SCALES[plan.options.scale];
  const campaigns: ScenarioManifest['campaigns'] = {};
  const archetypeTemplates = new Map(plan.archetypes?.list.map((archetype) => [archetype.name, archetype.prompts.templates.map((template) => template.id)]));
  let campaignEvents = 0;
  const campaignNames = Object.keys(plan.campaignCells);
  for (const campaign of campaignNames) {
    const members = plan.accounts.filter((account) => account.campaign === campaign);
    const events = members.reduce((sum, account) => sum + account.events, 0);
    campaignEvents += events;
    const templates = archetypeTemplates.get(campaign) ?? templatesOwnedBy(campaign as CampaignName).map((template) => template.id);
    campaigns[campaign] = { accounts: members.length, events, event_share_of_campaign_events: 0, cells: plan.campaignCells[campaign] ?? 1, templates };
  }
  for (const entry of Object.values(campaigns)) entry.event_share_of_campaign_events = Math.round((entry.events / campaignEvents) * 1e6) / 1e6;
  const benign = plan.accounts.filter((account) => account.campaign === null);
  const benignEvents = benign.reduce((sum, account) => sum + account.events, 0);
  const groupNames: readonly ScenarioGroup[] = plan.archetypes ? [...CONFOUNDER_GROUPS, ...TWO_SIGNAL_CONFOUNDER_GROUPS] : CONFOUNDER_GROUPS;
  const groups: Record<string, string[]> = Object.fromEntries(groupNames.map((group) => [group, [] as string[]]));
  for (const account of plan.accounts) for (const group of account.groups) (groups[group] ??= []).push(account.accountId);
  const manifest: ScenarioManifest = {
    generator: 'hydrascope-scenario/1',
    scale: plan.options.scale,
    seed: plan.options.seed,
    window: { start: isoSeconds(plan.windowStartMs), end: isoSeconds(plan.windowEndMs), days: plan.options.windowDays },
    gzip,
    files,
    accounts: { total: plan.accounts.length, benign: benign.length, campaign: plan.accounts.length - benign.length },
    events: { total: benignEvents + campaignEvents, benign: benignEvents, campaign: campaignEvents },
    campaigns,
    targets,
    confounder_counts: Object.fromEntries(Object.entries(groups).map(([group, ids]) => [group, ids.length])),
  };
  if (targets.listConfounderIds) manifest.confounders = groups;
  if (plan.archetypes) {
    manifest.archetype_seed = plan.archetypes.seed;
    manifest.archetypes = plan.archetypes.list;
  }
  return manifest;
}

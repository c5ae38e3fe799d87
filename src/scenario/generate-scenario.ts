// The pure core of `hydrascope generate`: from a scale and a seed, the planned population and the
// rows of every output file, in file order, drawn from one seeded random stream (same seed, same
// rows). Rows come out as iterators so the writer can stream them with bounded memory.
import { seededRandom, type RandomSource } from '../shared/random.js';
import { CAMPAIGN_NAMES, templatesOwnedBy, type CampaignName } from './prompt-templates.js';
import { SCALES } from './scales.js';
import { CONFOUNDER_GROUPS, planScenario, type ConfounderGroup, type ScenarioOptions, type ScenarioPlan } from './scenario-plan.js';
import { eventIdPrefix, eventsOfAccount, isoSeconds, type EventCounter, type EventOutput } from './scenario-events.js';

export interface AccountOutput {
  account_id: string;
  created_at: string;
  email_domain: string;
  country: string;
  plan: string;
  org_id: string | null;
}

export interface PaymentOutput {
  account_id: string;
  payment_fingerprint: string;
  kind: string;
  bin: string | null;
  country: string | null;
  first_used_at: string;
}

export interface LabelOutput {
  account_id: string;
  campaign: CampaignName | null;
}

export interface ConfounderOutput {
  account_id: string;
  group: ConfounderGroup;
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
  const plan = planScenario(options, rng);
  return {
    plan,
    *accountRows() {
      for (const account of plan.accounts) {
        yield { account_id: account.accountId, created_at: isoSeconds(account.createdAt), email_domain: account.emailDomain, country: account.country, plan: account.plan, org_id: account.orgId };
      }
    },
    *paymentRows() {
      for (const account of plan.accounts) {
        for (const payment of account.payments) yield { account_id: account.accountId, ...payment, first_used_at: isoSeconds(payment.first_used_at) };
      }
    },
    *labelRows() {
      for (const account of plan.accounts) yield { account_id: account.accountId, campaign: account.campaign };
    },
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
  scale: string;
  seed: number;
  window: { start: string; end: string; days: number };
  gzip: boolean;
  files: Record<string, { name: string; rows: number }>;
  accounts: { total: number; benign: number; campaign: number };
  events: { total: number; benign: number; campaign: number };
  campaigns: Record<CampaignName, { accounts: number; events: number; event_share_of_campaign_events: number; cells: number; templates: string[] }>;
  targets: (typeof SCALES)[keyof typeof SCALES];
  confounder_counts: Record<ConfounderGroup, number>;
  /** Account ids per confounder group; only at tiny and small (confounders.ndjson has them at every scale). */
  confounders?: Record<ConfounderGroup, string[]>;
}

export function scenarioManifest(plan: ScenarioPlan, files: ScenarioManifest['files'], gzip: boolean): ScenarioManifest {
  const targets = SCALES[plan.options.scale];
  const campaigns = {} as ScenarioManifest['campaigns'];
  let campaignEvents = 0;
  for (const campaign of CAMPAIGN_NAMES) {
    const members = plan.accounts.filter((account) => account.campaign === campaign);
    const events = members.reduce((sum, account) => sum + account.events, 0);
    campaignEvents += events;
    campaigns[campaign] = { accounts: members.length, events, event_share_of_campaign_events: 0, cells: plan.campaignCells[campaign], templates: templatesOwnedBy(campaign).map((template) => template.id) };
  }
  for (const campaign of CAMPAIGN_NAMES) campaigns[campaign].event_share_of_campaign_events = Math.round((campaigns[campaign].events / campaignEvents) * 1e6) / 1e6;
  const benign = plan.accounts.filter((account) => account.campaign === null);
  const benignEvents = benign.reduce((sum, account) => sum + account.events, 0);
  const groups = Object.fromEntries(CONFOUNDER_GROUPS.map((group) => [group, [] as string[]])) as Record<ConfounderGroup, string[]>;
  for (const account of plan.accounts) for (const group of account.groups) groups[group].push(account.accountId);
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
    confounder_counts: Object.fromEntries(CONFOUNDER_GROUPS.map((group) => [group, groups[group].length])) as Record<ConfounderGroup, number>,
  };
  if (targets.listConfounderIds) manifest.confounders = groups;
  return manifest;
}

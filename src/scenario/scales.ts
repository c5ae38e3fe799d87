// Size targets of every scenario scale in one table: accounts and interactions per campaign and
// for the benign population. `seed` is the size in the report (about 24,000 campaign accounts,
// 13M / 3.4M / 150k campaign interactions, at least 200,000 benign accounts); smaller scales
// shrink it while the smallest campaign keeps enough accounts to be a campaign.
import type { CampaignName } from './prompt-templates.js';

export const SCALE_NAMES = ['tiny', 'small', 'medium', 'seed'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export interface CampaignTarget {
  readonly accounts: number;
  readonly events: number;
}

export interface ScaleTargets {
  readonly benignAccounts: number;
  readonly benignEvents: number;
  readonly campaigns: Readonly<Record<CampaignName, CampaignTarget>>;
  /** tiny and small list confounder account ids in scenario.json; larger scales give counts only. */
  readonly listConfounderIds: boolean;
}

export const SCALES: Readonly<Record<ScaleName, ScaleTargets>> = {
  // ~1,000 accounts, ~48k events: unit tests.
  tiny: {
    benignAccounts: 808,
    benignEvents: 15_000,
    campaigns: { 'agentic-coding': { accounts: 128, events: 26_000 }, 'reasoning-traces': { accounts: 56, events: 6_800 }, 'cot-extraction': { accounts: 8, events: 300 } },
    listConfounderIds: true,
  },
  // ~10,000 accounts, ~400k events: the demo.
  small: {
    benignAccounts: 9_040,
    benignEvents: 150_000,
    campaigns: { 'agentic-coding': { accounts: 640, events: 195_000 }, 'reasoning-traces': { accounts: 280, events: 51_000 }, 'cot-extraction': { accounts: 40, events: 2_250 } },
    listConfounderIds: true,
  },
  // ~50,000 accounts, ~2.5M events: benchmarks.
  medium: {
    benignAccounts: 45_200,
    benignEvents: 845_000,
    campaigns: { 'agentic-coding': { accounts: 3_200, events: 1_300_000 }, 'reasoning-traces': { accounts: 1_400, events: 340_000 }, 'cot-extraction': { accounts: 200, events: 15_000 } },
    listConfounderIds: false,
  },
  // The report's size: 24,000 campaign accounts, 16.55M campaign events, 200,000 benign accounts.
  seed: {
    benignAccounts: 200_000,
    benignEvents: 5_000_000,
    campaigns: { 'agentic-coding': { accounts: 16_000, events: 13_000_000 }, 'reasoning-traces': { accounts: 7_000, events: 3_400_000 }, 'cot-extraction': { accounts: 1_000, events: 150_000 } },
    listConfounderIds: false,
  },
};

export function totalAccounts(targets: ScaleTargets): number {
  return targets.benignAccounts + Object.values(targets.campaigns).reduce((sum, campaign) => sum + campaign.accounts, 0);
}

export function totalEvents(targets: ScaleTargets): number {
  return targets.benignEvents + Object.values(targets.campaigns).reduce((sum, campaign) => sum + campaign.events, 0);
}

export function isScaleName(value: string): value is ScaleName {
  return (SCALE_NAMES as readonly string[]).includes(value);
}

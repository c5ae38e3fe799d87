// Produces the events of one planned account: timestamps from its schedule (diurnal in its time
// zone, a campaign cell's shared shift, or a pipeline's batch hours), sorted; then per request a
// client address, a prompt rendered from its templates, tokens, model and user agent. One
// account at a time, so memory stays bounded by the busiest account, not the scenario.
import { fmix32 } from '../shared/hash32.js';
import { addressInSubnet } from './address-space.js';
import { renderPrompt, type PromptFamily, type PromptTemplate } from './prompt-templates.js';
import { logNormal, pick, pickWeighted, type RandomSource } from './random-helpers.js';
import { BENIGN_CATALOGUE_CUMULATIVE, BENIGN_CATALOGUE_TEMPLATES, DAY_MS, DEFAULTS, HOUR_MS, LOCAL_HOUR_CUMULATIVE, type AccountPlan, type ScenarioPlan } from './scenario-plan.js';

/** One events.ndjson line, fields named and ordered as in the input contract. */
export interface EventOutput {
  event_id: string;
  account_id: string;
  ts: string;
  ip: string;
  user_agent: string;
  model: string;
  prompt: string;
  input_tokens: number;
  output_tokens: number;
}

/** Extra context tokens (tool transcripts, files) and the typical answer length per family. */
const TOKEN_PROFILES: Readonly<Record<PromptFamily, { context: readonly [number, number]; outputMedian: number; outputSigma: number }>> = {
  agentic: { context: [800, 6_000], outputMedian: 2_200, outputSigma: 0.5 },
  reasoning: { context: [0, 200], outputMedian: 1_400, outputSigma: 0.5 },
  cot_extraction: { context: [200, 1_500], outputMedian: 700, outputSigma: 0.6 },
  rewrite: { context: [0, 100], outputMedian: 350, outputSigma: 0.4 },
  'benign-summarize': { context: [100, 3_000], outputMedian: 180, outputSigma: 0.6 },
  'benign-translate': { context: [0, 400], outputMedian: 150, outputSigma: 0.6 },
  'benign-coding-tool': { context: [200, 4_000], outputMedian: 600, outputSigma: 0.9 },
  'benign-reasoning': { context: [0, 100], outputMedian: 600, outputSigma: 0.7 },
  'benign-chat': { context: [0, 800], outputMedian: 350, outputSigma: 0.8 },
  'enterprise-pipeline': { context: [0, 50], outputMedian: 120, outputSigma: 0.4 },
};
const MAX_OUTPUT_TOKENS = 32_000;

const MODELS = { large: 'frontier-large-2026-01', medium: 'frontier-medium-2026-01', small: 'frontier-small-2025-10' } as const;

/** An account's event times from its schedule, sorted (also the cards-only batch's, whose schedules are diurnal or shifts). */
export function timestampsOf(plan: Pick<ScenarioPlan, 'windowStartMs' | 'windowEndMs'>, account: AccountPlan, rng: RandomSource): Float64Array {
  const { schedule } = account;
  const times = new Float64Array(account.events);
  const lower = Math.max(plan.windowStartMs, account.createdAt + 60_000);
  const upper = plan.windowEndMs - 1_000;
  const days = schedule.days.length > 0 ? schedule.days : [Math.floor((upper - plan.windowStartMs) / DAY_MS)];
  for (let index = 0; index < times.length; index += 1) {
    const dayStart = plan.windowStartMs + (days[Math.floor(rng() * days.length)] as number) * DAY_MS;
    let time: number;
    if (schedule.kind === 'shift') {
      time = dayStart + (schedule.startHour + rng() * schedule.lengthHours) * HOUR_MS;
    } else if (schedule.kind === 'batch' && rng() < 0.7) {
      time = dayStart + (pick(schedule.batchHours, rng) + rng() * 0.5) * HOUR_MS;
    } else if (schedule.kind === 'batch') {
      time = dayStart + rng() * DAY_MS;
    } else {
      time = dayStart + (pickWeighted(LOCAL_HOUR_CUMULATIVE, rng) - schedule.utcOffset + rng()) * HOUR_MS;
    }
    // Local hours spill over midnight UTC: fold back into the day range rather than pile up at the edges.
    if (time < lower) time += DAY_MS;
    if (time > upper) time -= DAY_MS;
    times[index] = Math.floor(Math.min(upper, Math.max(lower, time)) / 1000) * 1000;
  }
  return times.sort();
}

function templateFor(account: AccountPlan, rng: RandomSource): PromptTemplate {
  if (rng() < account.favoriteShare) return account.favorites[pickWeighted(account.favoriteWeights, rng)] as PromptTemplate;
  return BENIGN_CATALOGUE_TEMPLATES[pickWeighted(BENIGN_CATALOGUE_CUMULATIVE, rng)] as PromptTemplate;
}

function addressFor(account: AccountPlan, rng: RandomSource): string {
  const { network } = account;
  if (rng() < network.sharedShare || network.own.length === 0) {
    if (network.subnets.length > 0) return addressInSubnet(network.subnets[Math.floor(rng() * network.subnets.length)] as number, rng);
    if (network.shared.length > 0) return network.shared[Math.floor(rng() * network.shared.length)] as string;
  }
  return network.own[Math.floor(rng() * network.own.length)] as string;
}

function modelFor(account: AccountPlan, rng: RandomSource): string {
  if (account.model === 'pipeline') return MODELS.small;
  const draw = rng();
  if (account.model === 'campaign') return draw < 0.9 ? MODELS.large : MODELS.medium;
  return draw < 0.4 ? MODELS.large : draw < 0.85 ? MODELS.medium : MODELS.small;
}

const twoDigits = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
const datePrefixes = new Map<number, string>();

/** RFC 3339 in whole seconds: `2026-01-05T12:34:56Z` (the date part cached per day: millions of calls). */
export function isoSeconds(milliseconds: number): string {
  const day = Math.floor(milliseconds / DAY_MS);
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    datePrefixes.set(day, prefix);
  }
  const seconds = Math.floor((milliseconds - day * DAY_MS) / 1000);
  return `${prefix}${twoDigits[Math.floor(seconds / 3600)]}:${twoDigits[Math.floor(seconds / 60) % 60]}:${twoDigits[seconds % 60]}Z`;
}

export interface EventCounter {
  next: number;
  /** The scenario's event-id prefix (eventIdPrefix). */
  prefix: string;
}

const DEFAULT_WINDOW_START_MS = Date.parse(DEFAULTS.windowStart);

/** The options beside scale and seed that are not their default, as `name=value` in name order. */
function nonDefaultOptions(plan: Pick<ScenarioPlan, 'options' | 'windowStartMs'>): string[] {
  const defaults: Readonly<Record<string, unknown>> = DEFAULTS;
  return Object.entries(plan.options as unknown as Record<string, unknown>)
    .filter(([name, value]) => name !== 'scale' && name !== 'seed' && value !== undefined)
    .filter(([name, value]) => (name === 'windowStart' ? plan.windowStartMs !== DEFAULT_WINDOW_START_MS : value !== defaults[name]))
    .map(([name, value]) => `${name}=${name === 'windowStart' ? plan.windowStartMs : JSON.stringify(value)}`)
    .sort();
}

/**
 * What makes a scenario's event ids its own: `<scale>-s<seed>`, plus `-v<hash>` of every other
 * option that is not its default (the window, say). Ingest drops an event whose id was loaded
 * before, so ids that repeated across scenarios made a second generated batch load as nothing
 * but duplicates; the same scenario generated again keeps its ids, so reloading it stays idempotent.
 */
export function eventIdPrefix(plan: Pick<ScenarioPlan, 'options' | 'windowStartMs'>): string {
  const prefix = `${plan.options.scale}-s${plan.options.seed}`;
  const variant = nonDefaultOptions(plan);
  if (variant.length === 0) return prefix;
  // FNV-1a over the options, finalized: distinct options get distinct ids, short enough to read.
  let hash = 0x811c9dc5;
  for (const code of variant.join('&')) hash = Math.imul(hash ^ (code.codePointAt(0) as number), 0x01000193);
  return `${prefix}-v${fmix32(hash).toString(36)}`;
}

/** `evt_<scenario prefix>-<event number in base 36, 7 digits>`, e.g. `evt_tiny-s7-0000001`. */
export function eventId(prefix: string, number: number): string {
  return `evt_${prefix}-${number.toString(36).padStart(7, '0')}`;
}

/** The events of one account in time order; `counter` numbers events across the scenario. */
export function* eventsOfAccount(plan: ScenarioPlan, account: AccountPlan, rng: RandomSource, counter: EventCounter): Generator<EventOutput> {
  const times = timestampsOf(plan, account, rng);
  for (let index = 0; index < times.length; index += 1) {
    const template = templateFor(account, rng);
    const prompt = renderPrompt(template, rng);
    const profile = TOKEN_PROFILES[template.family];
    counter.next += 1;
    yield {
      event_id: eventId(counter.prefix, counter.next),
      account_id: account.accountId,
      ts: isoSeconds(times[index] as number),
      ip: addressFor(account, rng),
      user_agent: account.userAgents[Math.floor(rng() * account.userAgents.length)] as string,
      model: modelFor(account, rng),
      prompt,
      input_tokens: Math.ceil(prompt.length / 4) + profile.context[0] + Math.floor(rng() * (profile.context[1] - profile.context[0])),
      output_tokens: Math.max(1, Math.min(MAX_OUTPUT_TOKENS, Math.round(logNormal(profile.outputMedian, profile.outputSigma, rng)))),
    };
  }
}

// A tuning aid, not a benchmark: replays the refresh's linkage, communities and scoring on a saved
// read of a loaded batch, so a scoring change is tried on several batches in a minute instead of
// a load and a refresh per batch. The replay runs the refresh's own stages with its defaults
// (graphology engine, seeds 42 and 43, no verdicts or calibration: a wiped database has none), so
// its figures equal bench:quality's for the same code.
//   save:  load each named batch into a wiped database, read its linkage data as the refresh does
//          and keep it under .hydrascope/replay/<batch>.v8 (the database is left holding the last).
//   score: replay each saved batch with --scoring overrides and print precision, recall, benign
//          false-positive rate and the campaigns found below 90%; --trace and --false-positives
//          show the scored groups behind a miss or a false positive.
// Held-out archetype batches are refused: looking at them while tuning defeats the held-out set.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { scoreCommunities, DEFAULTS as SCORING_DEFAULTS, type ScoredCommunity, type ScoringOptions } from '../src/campaigns/score-communities.js';
import { groupOperations } from '../src/campaigns/group-operations.js';
import { detectCommunities } from '../src/communities/detect-communities.js';
import { reachableShares } from '../src/evaluation/campaign-reach.js';
import { evaluate, type Assignment } from '../src/evaluation/evaluate.js';
import { readConfoundersBeside, readLabels } from '../src/evaluation/read-evaluation-inputs.js';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { LinkageDataBuilder, type EntityKind, type LinkageData } from '../src/linkage/linkage-data.js';
import { projectLinkageGraphInParallel } from '../src/linkage/parallel-projection.js';
import { DEFAULTS as PROJECTION_DEFAULTS, type ProjectionOptions } from '../src/linkage/project-linkage-graph.js';
import { readLinkageData } from '../src/linkage/read-linkage-data.js';
import { DEFAULTS as REFRESH_DEFAULTS } from '../src/jobs/refresh-job.js';
import { PROJECT_ROOT } from '../src/shared/project-paths.js';
import { seededRandom } from '../src/shared/random.js';
import { HELD_OUT_ARCHETYPE_SEEDS } from './archetype-sets.js';
import { openBenchStore, readBenchArguments, scaleOption, scenarioFolder, SCALE_CHOICES, type BenchCommand, type ScenarioKind } from './support.js';

const REPLAY: BenchCommand = {
  name: 'bench:replay',
  summary:
    'Tuning aid: `--mode save` loads each batch and keeps its linkage read under .hydrascope/replay; `--mode score`\n' +
    'replays linkage, communities and scoring on the saved reads with --scoring overrides and evaluates them.\n' +
    'Batches: own:<seed>, archetypes:<archetype seed>[@<seed>], cards-only:<seed>; held-out archetype seeds are refused.',
  options: {
    mode: { type: 'string', value: 'save|score', description: 'save the reads, or score the saved reads (default score)' },
    scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default medium)' },
    batches: { type: 'string', value: 'NAME,NAME,...', description: 'batches to save or score (default archetypes:1,archetypes:2,archetypes:3,own:1,own:2)' },
    scoring: { type: 'string', value: 'JSON', description: 'scoring option overrides, e.g. {"threshold":0.45} (score mode)' },
    linkage: { type: 'string', value: 'JSON', description: 'linkage projection overrides, e.g. {"minEdgeWeight":0.4} (score mode)' },
    trace: { type: 'string', value: 'CAMPAIGN', description: 'print every scored group holding accounts of this true campaign (score mode)' },
    'false-positives': { type: 'boolean', description: 'print the reported groups holding benign accounts (score mode)' },
    campaigns: { type: 'boolean', description: 'print how much of every true campaign was found, and in how many operations (score mode)' },
  },
};

interface Batch {
  name: string;
  seed: number;
  kind: ScenarioKind;
}

/** `archetypes:1201` runs on the seed bench:quality pairs it with: the i-th of each hundred on seed i (cycling 1, 2, 3). */
function parseBatch(name: string): Batch {
  const match = /^(own|cards-only|archetypes):(\d+)(?:@(\d+))?$/.exec(name);
  if (!match) throw new Error(`batch ${JSON.stringify(name)} is not own:<seed>, archetypes:<seed>[@<seed>] or cards-only:<seed>`);
  const number = Number(match[2]);
  if (match[1] === 'own') return { name, seed: number, kind: {} };
  if (match[1] === 'cards-only') return { name, seed: number, kind: { variant: 'cards-only' } };
  if ((HELD_OUT_ARCHETYPE_SEEDS as readonly number[]).includes(number))
    throw new Error(`archetype seed ${number} is held out (bench/archetype-sets.ts): bench:quality --set held-out reports on it, nothing tunes on it`);
  const seed = match[3] === undefined ? (((number - 1) % 100) % 3) + 1 : Number(match[3]);
  return { name, seed, kind: { archetypeSeed: number } };
}

const replayFile = (scale: string, batch: Batch) => join(PROJECT_ROOT, '.hydrascope', 'replay', `${scale}-${batch.name.replace(/[:@]/g, '-')}.v8`);

async function save(scale: 'tiny' | 'small' | 'medium' | 'seed', batches: readonly Batch[]): Promise<void> {
  const store = await openBenchStore();
  try {
    await mkdir(join(PROJECT_ROOT, '.hydrascope', 'replay'), { recursive: true });
    for (const batch of batches) {
      const folder = await scenarioFolder(scale, batch.seed, false, batch.kind);
      process.stderr.write(`${batch.name}: loading ${folder}\n`);
      await wipeDatabase(store);
      await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter(), quarantinePath: join(folder, '_quarantine.ndjson') });
      const { data } = await readLinkageData(store);
      await writeFile(replayFile(scale, batch), serialize({ folder, data }));
      process.stdout.write(`${batch.name}: saved ${data.accounts.length} accounts, ${data.entities.count} entities\n`);
    }
  } finally {
    await store.close();
  }
}

/** Reads saved before the entity table (one object per entity with its member and usage arrays). */
interface EarlierLinkageData {
  accounts: LinkageData['accounts'];
  entities: Array<{ kind: EntityKind; key: string; members: number[]; usage: number[]; detail: string | null }>;
}

/** A saved read in today's layout; earlier reads are rebuilt, which keeps their order and so their indexes. */
function currentLinkageData(data: LinkageData | EarlierLinkageData): LinkageData {
  if (!Array.isArray(data.entities)) return data as LinkageData;
  const builder = new LinkageDataBuilder();
  for (const account of data.accounts) builder.addAccount(account);
  for (const entity of data.entities) {
    entity.members.forEach((member, position) => builder.addUsage(entity.kind, entity.key, (data.accounts[member] as { accountId: string }).accountId, entity.usage[position] ?? 1, entity.detail));
  }
  return builder.build();
}

interface ScoreOptions {
  scoring: Partial<ScoringOptions>;
  linkage: Partial<ProjectionOptions>;
  trace: string | undefined;
  falsePositives: boolean;
  campaigns: boolean;
}

async function score(scale: string, batches: readonly Batch[], options: ScoreOptions): Promise<void> {
  const totals = { precision: 0, recall: 0, falsePositiveRate: 0 };
  for (const batch of batches) {
    const path = replayFile(scale, batch);
    if (!existsSync(path)) throw new Error(`no saved read for ${batch.name} at ${path}: run --mode save --batches ${batch.name} first`);
    const saved = deserialize(await readFile(path)) as { folder: string; data: LinkageData | EarlierLinkageData };
    const { folder } = saved;
    const data = currentLinkageData(saved.data);
    const linkage = { ...PROJECTION_DEFAULTS, ...options.linkage };
    const projection = await projectLinkageGraphInParallel(data, linkage, { threads: REFRESH_DEFAULTS.threads });
    const communities = detectCommunities(projection.graph, { resolution: REFRESH_DEFAULTS.resolution, seed: REFRESH_DEFAULTS.seed });
    const accountIndex = new Map(data.accounts.map((account, index) => [account.accountId, index]));
    const settings = { ...SCORING_DEFAULTS, cliqueDegreeLimit: linkage.cliqueDegreeLimit, ...options.scoring };
    const scored = scoreCommunities(data, projection.graph, communities.members, (accountId) => accountIndex.get(accountId) as number, seededRandom(REFRESH_DEFAULTS.seed + 1), settings);
    const reported = scored.filter((group) => group.isCampaign);
    const idOf = (account: number) => (data.accounts[account] as { accountId: string }).accountId;
    // Operations as the refresh groups them (no verdicts, no earlier ids here).
    const memberEntries = reported.map((group) => group.memberEvidence.filter((entry) => entry.role === 'member'));
    const { operationOf } = groupOperations(
      data,
      reported.map((group, index) => ({ campaignId: `c${index}`, members: (memberEntries[index] ?? []).map((entry) => entry.account), issuer: group.topIssuer })),
      new Map(),
      'replay',
    );
    const assignments: Assignment[] = memberEntries.flatMap((entries, index) =>
      entries.map((entry) => ({ account_id: idOf(entry.account), campaign_id: `c${index}`, score: entry.score, operation_id: `o${operationOf[index]}` })),
    );
    const labels = await readLabels(join(folder, 'labels.ndjson'));
    const confounders = (await readConfoundersBeside(join(folder, 'labels.ndjson'))) ?? [];
    const report = evaluate(labels, assignments, confounders);
    totals.precision += report.precision;
    totals.recall += report.recall;
    totals.falsePositiveRate += report.benign_false_positive_rate;
    const campaignOf = new Map(labels.map((label) => [label.account_id, label.campaign]));
    const reach = reachableShares(campaignOf, data);
    const missed = report.true_campaigns
      .filter((campaign) => campaign.recall < 0.9)
      .map((campaign) => `${campaign.campaign} ${(campaign.recall * 100).toFixed(1)}% (reachable ${((reach.get(campaign.campaign) ?? 0) * 100).toFixed(1)}%)`);
    process.stdout.write(
      `${batch.name.padEnd(18)} P ${report.precision.toFixed(4)} R ${report.recall.toFixed(4)} FPR ${(report.benign_false_positive_rate * 100).toFixed(3)}% reported ${reported.length}${missed.length > 0 ? ` | below 90%: ${missed.join(', ')}` : ''}\n`,
    );
    const groupOf = new Map(confounders.map((entry) => [entry.account_id, entry.group]));
    const describe = (group: ScoredCommunity, heldBy: (accountId: string) => boolean) => {
      const held = group.memberEvidence.filter((entry) => heldBy(idOf(entry.account)));
      const members = held.filter((entry) => entry.role === 'member').length;
      const signals = group.signals
        .filter((signal) => signal.contribution > 0)
        .sort((left, right) => right.contribution - left.contribution)
        .slice(0, 4)
        .map((signal) => `${signal.name} ${signal.contribution.toFixed(2)}`);
      const origin = group.origin === 'piece' ? ` (piece of ${group.parentCommunity})` : group.origin === 'template-set' ? ' (template set)' : '';
      return `  community ${group.community}${origin} size ${group.members.length} score ${group.score.toFixed(3)}${group.isCampaign ? ' REPORTED' : ''}: holds ${held.length} (${members} as members) | ${signals.join(', ')}\n`;
    };
    if (options.campaigns) {
      for (const campaign of report.true_campaigns)
        process.stdout.write(
          `  ${campaign.campaign.padEnd(28)} ${String(campaign.found).padStart(5)} of ${String(campaign.accounts).padStart(5)} found (${(campaign.recall * 100).toFixed(1)}%), ${campaign.reported_campaigns} reported campaigns, 90 % in ${campaign.operations_for_90} operation(s), largest holds ${(campaign.largest_operation_share * 100).toFixed(1)}%\n`,
        );
    }
    if (options.trace) {
      const inCampaign = (accountId: string) => campaignOf.get(accountId) === options.trace;
      for (const group of scored) if (group.memberEvidence.some((entry) => inCampaign(idOf(entry.account)))) process.stdout.write(describe(group, inCampaign));
    }
    if (options.falsePositives) {
      for (const group of reported) {
        const benign = group.memberEvidence.filter((entry) => entry.role === 'member' && !campaignOf.get(idOf(entry.account)));
        if (benign.length === 0) continue;
        const kinds = new Map<string, number>();
        for (const entry of benign) {
          const kind = groupOf.get(idOf(entry.account)) ?? 'benign';
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
        process.stdout.write(`${describe(group, () => true).trimEnd()} | benign members: ${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}\n`);
      }
    }
  }
  const count = batches.length;
  process.stdout.write(`mean               P ${(totals.precision / count).toFixed(4)} R ${(totals.recall / count).toFixed(4)} FPR ${((totals.falsePositiveRate / count) * 100).toFixed(3)}%\n`);
}

/** A JSON object of option overrides (given to --scoring or --linkage). */
function parseOverrides<T>(option: string, text: string): Partial<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`--${option} must be a JSON object of ${option} options (got ${JSON.stringify(text)})`);
  return parsed as Partial<T>;
}

async function main(): Promise<void> {
  const settings = readBenchArguments(REPLAY, (values) => {
    const mode = values.mode ?? 'score';
    if (mode !== 'save' && mode !== 'score') throw new Error(`--mode must be save or score (got ${JSON.stringify(mode)})`);
    const names = typeof values.batches === 'string' ? values.batches.split(',').filter(Boolean) : ['archetypes:1', 'archetypes:2', 'archetypes:3', 'own:1', 'own:2'];
    const scoring = typeof values.scoring === 'string' ? parseOverrides<ScoringOptions>('scoring', values.scoring) : {};
    const linkage = typeof values.linkage === 'string' ? parseOverrides<ProjectionOptions>('linkage', values.linkage) : {};
    return {
      mode,
      scale: scaleOption(values, 'medium'),
      batches: names.map(parseBatch),
      options: { scoring, linkage, trace: typeof values.trace === 'string' ? values.trace : undefined, falsePositives: values['false-positives'] === true, campaigns: values.campaigns === true },
    };
  });
  if (settings.mode === 'save') await save(settings.scale, settings.batches);
  else await score(settings.scale, settings.batches, settings.options);
}

await main();

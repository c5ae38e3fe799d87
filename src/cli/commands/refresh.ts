// `hydrascope refresh`, `export` and `export-graph`: run the detector, and hand its result (or
// only the campaigns analysts confirmed) and the graph it ran on to other tools.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULTS as VERDICT_DEFAULTS } from '../../campaigns/apply-verdicts.js';
import { DEFAULTS as SCORING_DEFAULTS } from '../../campaigns/score-communities.js';
import { cypher } from '../../graph-store/cypher-files.js';
import { familyWeightsText } from '../../jobs/calibration-store.js';
import { readClearedAccounts } from '../../jobs/refresh-verdicts.js';
import { downWeightClearedTies } from '../../campaigns/down-weight-cleared-ties.js';
import { leaseOfSeconds } from '../../graph-store/lease-lock.js';
import { runRefresh, type RefreshSummary } from '../../jobs/refresh-job.js';
import { REFRESH_ENGINES, type RefreshEngine } from '../../jobs/refresh-engines.js';
import { PARALLEL_DEFAULTS, projectLinkageGraphInParallel } from '../../linkage/parallel-projection.js';
import { readLinkageData } from '../../linkage/read-linkage-data.js';
import { writeLinkageGraph, type GraphFileFormat } from '../../linkage/write-linkage-graph.js';
import type { CliContext } from '../context.js';

const engineName = (value: string): RefreshEngine => {
  if (!(REFRESH_ENGINES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${REFRESH_ENGINES.join(', ')}`);
  return value as RefreshEngine;
};

const positiveNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
};
const integer = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('must be an integer');
  return number;
};
const positiveInteger = (value: string) => {
  const number = integer(value);
  if (number < 1) throw new InvalidArgumentError('must be at least 1');
  return number;
};
const unitInterval = (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError('must be a number from 0 to 1');
  return number;
};

/** `new 3, grew 1` from {new: 3, grew: 1}: counts for a person, in the order given, zeros left out; `none` when all are. */
export function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name.replace(/_/g, ' ')} ${count}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Which family weights a refresh scored with, for its summary and log. */
export function calibrationText(calibration: RefreshSummary['calibration']): string {
  return calibration
    ? `calibrated family weights (calibration ${calibration.calibrationId} of ${calibration.createdAt}: ${familyWeightsText(calibration.familyWeights)})`
    : 'default family weights (not calibrated)';
}

export function printRefreshSummary(summary: RefreshSummary): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const verdicts = summary.counts.verdicts;
  const lines = [
    `refresh ${summary.runId} succeeded in ${seconds(summary.timings.total)}${summary.louvain.engine === 'gds' ? ' (engine gds)' : ''}`,
    `  read ${seconds(summary.timings.read)} | project ${seconds(summary.timings.project)} | louvain ${seconds(summary.timings.communities)} | score ${seconds(summary.timings.score)} | write ${seconds(summary.timings.write)} | promote ${seconds(summary.timings.promote)}`,
    `  accounts ${summary.counts.accounts} (linked ${summary.counts.linkedAccounts}), edges ${summary.counts.edges}, communities ${summary.counts.communities}, modularity ${summary.modularity.toFixed(4)}`,
    `  campaigns ${summary.counts.campaigns} with ${summary.counts.campaignAccounts} accounts; changes: ${countsText(summary.counts.changes)}; dissolved ${summary.counts.dissolved.length}`,
    `  verdicts: ${verdicts.automaticVerdicts} recorded by this refresh, ${verdicts.leftOutAccounts} not_involved accounts left out; standing: ${countsText(verdicts.standing)}; alerts ${verdicts.alerts}`,
    `  scoring: ${calibrationText(summary.calibration)}`,
    ...summary.campaigns.slice(0, 10).map((campaign) => `    ${campaign.campaignId}  size ${campaign.size}  score ${campaign.score.toFixed(3)}  ${campaign.status}`),
  ];
  if (summary.campaigns.length > 10) lines.push(`    … ${summary.campaigns.length - 10} more`);
  return `${lines.join('\n')}\n`;
}

export function registerRefreshCommands(program: Command, context: CliContext): void {
  program
    .command('refresh')
    .description('rebuild the account-linkage graph, find communities with Louvain, score and write suspected campaigns')
    .option('--resolution <number>', 'Louvain resolution (higher: smaller communities)', positiveNumber, 1)
    .option('--seed <integer>', 'seed for Louvain and sampling (same data + seed = same communities)', integer, 42)
    .option('--threshold <number>', 'campaign score threshold (docs/scoring.md)', unitInterval, SCORING_DEFAULTS.threshold)
    .option('--min-accounts <integer>', 'smallest community reported as a campaign', integer, SCORING_DEFAULTS.minAccounts)
    .option('--threads <integer>', 'threads for the prompt similarity scan (results do not depend on it)', positiveInteger, PARALLEL_DEFAULTS.threads)
    .option('--reopen-growth <share>', 'growth since a campaign was dismissed that reopens it (0.5: +50 %)', positiveNumber, VERDICT_DEFAULTS.reopenGrowthShare)
    .option(
      '--engine <engine>',
      'where the linkage graph and Louvain run: graphology (this process) or gds (Neo4j with Graph Data Science, docs/gds-engine.md); default HYDRASCOPE_REFRESH_ENGINE or graphology',
      engineName,
    )
    .option('--json', 'print the run summary as JSON')
    .action(async (options: { resolution: number; seed: number; threshold: number; minAccounts: number; threads: number; reopenGrowth: number; engine?: RefreshEngine; json?: boolean }) => {
      context.runAsBatchJob();
      await context.withStore(async (store) => {
        const summary = await runRefresh(store, {
          resolution: options.resolution,
          seed: options.seed,
          threads: options.threads,
          engine: options.engine ?? context.config().refreshEngine,
          requestedBy: 'cli',
          lease: leaseOfSeconds(context.config().refreshLeaseSeconds),
          scoring: { threshold: options.threshold, minAccounts: options.minAccounts },
          verdicts: { reopenGrowthShare: options.reopenGrowth },
          onStage: (stage) => context.logger().info({ stage }, `refresh: ${stage}`),
        });
        context.logger().info({ calibrationId: summary.calibration?.calibrationId ?? null }, `refresh scored with ${calibrationText(summary.calibration)}`);
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : printRefreshSummary(summary));
      });
    });

  program
    .command('export')
    .description('write the current result as NDJSON: one {"account_id","campaign_id","score","operation_id"} line per member of a suspected campaign, highest own score first')
    .requiredOption('--out <file>', 'output file')
    .option('--confirmed', 'only campaigns whose verdict is confirmed, without the accounts marked not_involved in them')
    .option('--include-associated', 'also write the accounts associated with each campaign only through busy shared entities (lines with "role":"associated")', false)
    .action(async (options: { out: string; confirmed?: boolean; includeAssociated: boolean }) => {
      await context.withStore(async (store) => {
        const out = createWriteStream(options.out);
        let lines = 0;
        let pending = '';
        const statement = cypher(options.confirmed ? 'read-confirmed-campaign-assignments' : 'read-campaign-assignments');
        // With associated accounts, every line names its role; without, the lines stay as they were.
        const writeLine = (row: { account_id: string; campaign_id: string; score: number; operation_id?: string | null }, role: 'member' | 'associated' | undefined) => {
          pending += `${JSON.stringify({ account_id: row.account_id, campaign_id: row.campaign_id, score: row.score, operation_id: row.operation_id ?? null, ...(role ? { role } : {}) })}\n`;
          lines += 1;
          if (pending.length > 1 << 16) {
            out.write(pending);
            pending = '';
          }
        };
        await store.stream(statement, {}, (row: Parameters<typeof writeLine>[0]) => writeLine(row, options.includeAssociated ? 'member' : undefined));
        if (options.includeAssociated && !options.confirmed) await store.stream(cypher('read-campaign-associations'), {}, (row: Parameters<typeof writeLine>[0]) => writeLine(row, 'associated'));
        out.end(pending);
        await once(out, 'finish');
        process.stdout.write(`wrote ${lines} accounts${options.confirmed ? ' of confirmed campaigns' : ''} to ${options.out}\n`);
      });
    });

  program
    .command('export-graph')
    .description('write the account-linkage graph that Louvain runs on (GraphML, GEXF or a weighted edge list)')
    .requiredOption('--out <file>', 'output file')
    .option(
      '--format <format>',
      'graphml | gexf | edgelist',
      (value: string) => {
        if (!['graphml', 'gexf', 'edgelist'].includes(value)) throw new InvalidArgumentError('must be graphml, gexf or edgelist');
        return value as GraphFileFormat;
      },
      'graphml' as GraphFileFormat,
    )
    .action(async (options: { out: string; format: GraphFileFormat }) => {
      await context.withStore(async (store) => {
        const { data } = await readLinkageData(store);
        const { graph } = await projectLinkageGraphInParallel(data);
        // As the refresh does before Louvain: not_involved accounts' ties to their campaigns weakened.
        const cleared = downWeightClearedTies(graph, await readClearedAccounts(store));
        const written = await writeLinkageGraph(graph, options.format, options.out);
        const note = cleared.links > 0 ? `; ${cleared.links} links of ${cleared.accounts} not_involved accounts down-weighted as the refresh does` : '';
        process.stdout.write(`wrote ${written.nodes} accounts and ${written.edges} links to ${options.out} (${options.format})${note}\n`);
      });
    });
}

// Benchmark of `hydrascope generate`: wall time, events/s, peak RSS (sampled) and file sizes for
// `medium` (default) and, on request, `seed` with gzip. Results go to bench/results/generate.json.
// Options: --help.
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScaleName } from '../src/scenario/scales.js';
import { writeScenario } from '../src/scenario/write-scenario.js';
import { PROJECT_ROOT } from '../src/shared/project-paths.js';
import { SCALE_CHOICES, flagOption, readBenchArguments, scaleOption, type BenchCommand } from './support.js';

const DEFAULTS = { scale: 'medium' as ScaleName, seed: 42, sampleIntervalMs: 100 };

const GENERATE_BENCH: BenchCommand = {
  name: 'bench:generate',
  summary: `Generates a scenario (seed ${DEFAULTS.seed}) into a temporary folder and reports wall time, events/s, peak RSS\nand file sizes. Results: bench/results/generate.json.`,
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: `scenario size (default ${DEFAULTS.scale}; seed is always gzipped)` },
    gzip: { type: 'boolean', description: 'write .ndjson.gz files' },
    keep: { type: 'boolean', description: 'keep the generated folder (its path is printed)' },
  },
};

async function main(): Promise<void> {
  const { scale, gzip, keep } = readBenchArguments(GENERATE_BENCH, (values) => {
    const chosen = scaleOption(values, DEFAULTS.scale);
    // The report's seed size is benchmarked compressed (it is ~13 GB raw).
    return { scale: chosen, gzip: flagOption(values, 'gzip') || chosen === 'seed', keep: flagOption(values, 'keep') };
  });
  const outDir = await mkdtemp(join(tmpdir(), `hydrascope-generate-${scale}-`));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, DEFAULTS.sampleIntervalMs);
  const started = process.hrtime.bigint();
  let lastPrinted = 0;
  const manifest = await writeScenario({
    scale,
    seed: DEFAULTS.seed,
    outDir,
    gzip,
    onProgress: ({ eventsWritten, eventsTotal }) => {
      if (eventsWritten - lastPrinted >= 1_000_000) {
        lastPrinted = eventsWritten;
        process.stderr.write(`  ${eventsWritten}/${eventsTotal} events\n`);
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const files: Record<string, number> = {};
  for (const file of (await readdir(outDir)).sort()) files[file] = (await stat(join(outDir, file))).size;
  const result = {
    scale,
    gzip,
    seed: DEFAULTS.seed,
    at: new Date().toISOString(),
    node: process.version,
    seconds: Math.round(seconds * 10) / 10,
    accounts: manifest.accounts.total,
    events: manifest.events.total,
    events_per_second: Math.round(manifest.events.total / seconds),
    peak_rss_mb: Math.round(peakRss / 2 ** 20),
    total_bytes: Object.values(files).reduce((sum, size) => sum + size, 0),
    file_bytes: files,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const resultsDir = join(PROJECT_ROOT, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  const resultsFile = join(resultsDir, 'generate.json');
  let results: Record<string, unknown> = {};
  try {
    results = JSON.parse(await readFile(resultsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    results = {};
  }
  results[`${scale}${gzip ? '-gzip' : ''}`] = result;
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  if (!keep) await rm(outDir, { recursive: true, force: true });
  else process.stderr.write(`kept ${outDir}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

// `npm run bench`: the quick benchmark set at `small` scale (generate, ingest, refresh, then the
// API against that result). Larger scales: the individual bench:* scripts with --scale.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/shared/project-paths.js';
import { readBenchArguments } from './support.js';

const steps: Array<[string, string[]]> = [
  ['generate.bench.js', ['--scale', 'small']],
  ['ingest.bench.js', ['--scale', 'small']],
  ['refresh.bench.js', ['--scale', 'small', '--no-load']],
  ['api.bench.js', []],
];

readBenchArguments({
  name: 'bench',
  summary: `The quick benchmark set at \`small\` scale, in turn: ${steps.map(([script, args]) => [script.replace('.bench.js', ''), ...args].join(' ')).join('; ')}.\nLarger scales: npm run bench:<name> -- --scale medium (each has --help). Results: bench/results/.`,
  options: {},
});

let failed = 0;
for (const [script, args] of steps) {
  process.stdout.write(`\n=== ${script} ${args.join(' ')}\n`);
  // Each step runs with this process's Node flags (the young-generation size the CLI uses).
  const result = spawnSync(process.execPath, [...process.execArgv, join(PROJECT_ROOT, 'dist', 'bench', script), ...args], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.stdout.write(`\nbenchmarks done: ${steps.length - failed} succeeded, ${failed} failed; results in bench/results/\n`);
process.exitCode = failed > 0 ? 1 : 0;

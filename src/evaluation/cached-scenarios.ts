// Generated scenarios for measurements (the benchmarks, the soak test), each written once under
// .hydrascope/bench/ and reused by later runs, so they measure the same batch.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScaleName } from '../scenario/scales.js';
import { writeScenario } from '../scenario/write-scenario.js';
import { PROJECT_ROOT } from '../shared/project-paths.js';

/** Which batch of a scale and seed: the full scenario, its campaign archetypes instead of the three campaigns, or the cards-only batch. */
export type ScenarioKind = { archetypeSeed?: number; variant?: 'cards-only' };

/** A generated scenario, written once per (scale, seed, gzip, kind) and reused by later runs. */
export async function scenarioFolder(scale: ScaleName, seed: number, gzip = false, kind: ScenarioKind = {}): Promise<string> {
  const suffix = `${kind.archetypeSeed === undefined ? '' : `-archetypes-${kind.archetypeSeed}`}${kind.variant === undefined ? '' : `-${kind.variant}`}`;
  const folder = join(PROJECT_ROOT, '.hydrascope', 'bench', `${scale}-seed-${seed}${suffix}${gzip ? '-gzip' : ''}`);
  if (existsSync(join(folder, 'scenario.json'))) return folder;
  process.stderr.write(`generating ${scale} scenario (seed ${seed}${suffix.replace(/-/g, ' ')}) into ${folder}\n`);
  await mkdir(folder, { recursive: true });
  await writeScenario({ scale, seed, outDir: folder, gzip, ...kind });
  return folder;
}

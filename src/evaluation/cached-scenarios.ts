// Generated scenarios for measurements (the benchmarks, the soak test), each written once under
// .hydrascope/bench/ and reused by later runs, so they measure the same batch.
import { existsSync, readFileSync } from 'node:fs';
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
  if (isComplete(folder)) return folder;
  process.stderr.write(`generating ${scale} scenario (seed ${seed}${suffix.replace(/-/g, ' ')}) into ${folder}\n`);
  await mkdir(folder, { recursive: true });
  await writeScenario({ scale, seed, outDir: folder, gzip, ...kind });
  return folder;
}

/**
 * Whether a cached scenario still has every file its manifest lists: a folder whose events were
 * deleted to save disk would otherwise load as a batch of accounts without activity, and a
 * benchmark would measure that without a word.
 */
function isComplete(folder: string): boolean {
  const manifestPath = join(folder, 'scenario.json');
  if (!existsSync(manifestPath)) return false;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files?: Record<string, { name: string }> };
  return Object.values(manifest.files ?? {}).every((file) => existsSync(join(folder, file.name)));
}

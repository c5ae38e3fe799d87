// Where a calibration lives: a (:Calibration) node in Neo4j, beside the verdicts it was fitted
// on, so every process that refreshes (the CLI, the API's worker, a scheduler in another
// container) scores with the same weights without sharing a state folder. The latest one wins;
// earlier ones stay as history.
import { randomUUID } from 'node:crypto';
import { FAMILIES, UNIT_WEIGHTS, type ClassificationMetrics, type FamilyWeights } from '../campaigns/calibration.js';
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';

export interface StoredCalibration {
  calibrationId: string;
  createdAt: string;
  familyWeights: FamilyWeights;
}

/** Unknown or missing families read as 1: a calibration written before a family existed leaves it as it was. */
function weightsFrom(json: string): FamilyWeights {
  const parsed = JSON.parse(json) as Partial<Record<string, unknown>>;
  return Object.fromEntries(
    FAMILIES.map((family) => [family, typeof parsed[family] === 'number' && Number.isFinite(parsed[family]) && (parsed[family] as number) >= 0 ? parsed[family] : UNIT_WEIGHTS[family]]),
  ) as FamilyWeights;
}

export async function readCurrentCalibration(store: GraphStore): Promise<StoredCalibration | null> {
  const [row] = await store.read<{ calibration_id: string; created_at: string; family_weights_json: string }>(cypher('read-current-calibration'));
  return row ? { calibrationId: row.calibration_id, createdAt: row.created_at, familyWeights: weightsFrom(row.family_weights_json) } : null;
}

export function calibrationRunId(): string {
  return `calibrate-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

export async function storeCalibration(
  store: GraphStore,
  calibration: {
    familyWeights: FamilyWeights;
    threshold: number;
    confirmed: number;
    dismissed: number;
    folds: number;
    heldOut: { fitted: ClassificationMetrics; current: ClassificationMetrics } | null;
    requestedBy: string;
  },
): Promise<StoredCalibration> {
  const calibrationId = calibrationRunId();
  const [row] = await store.write<{ calibration_id: string; created_at: string }>(cypher('create-calibration'), {
    calibrationId,
    familyWeightsJson: JSON.stringify(calibration.familyWeights),
    threshold: calibration.threshold,
    confirmed: calibration.confirmed,
    dismissed: calibration.dismissed,
    folds: calibration.folds,
    heldOutJson: calibration.heldOut ? JSON.stringify(calibration.heldOut) : null,
    requestedBy: calibration.requestedBy,
  });
  return { calibrationId, createdAt: row?.created_at ?? new Date().toISOString(), familyWeights: { ...calibration.familyWeights } };
}

/** `templates ×1.21, network ×0.64` for a person: families left at 1 are not named; `none` when all are. */
export function familyWeightsText(weights: FamilyWeights): string {
  const changed = FAMILIES.filter((family) => Math.abs(weights[family] - 1) >= 0.005).map((family) => `${family} ×${weights[family].toFixed(2)}`);
  return changed.length > 0 ? changed.join(', ') : 'every family ×1.00';
}

// Summing a load up: the warning an events file may call for, the totals, the batch's outcome
// and the profile as reported (whole milliseconds).
import type { FileSummary, IngestProfile, IngestSummary } from './ingest-types.js';

/**
 * The warning for an events file whose rows mostly repeat event ids an earlier batch loaded
 * (more than `share` of them), or undefined. Such rows are rightly dropped, so the load succeeds,
 * but a new batch whose producer reuses ids loses its events that way without another sign.
 */
export function earlierBatchWarning(file: FileSummary, share: number): { message: string; details: object } | undefined {
  const duplicates = file.earlierBatchDuplicates ?? 0;
  if (file.read === 0 || duplicates / file.read <= share) return undefined;
  const percent = Math.round((duplicates / file.read) * 1000) / 10;
  return {
    message: `${file.file}: ${duplicates} of ${file.read} rows (${percent}%) skipped as duplicates: event ids repeat those of an earlier batch; if this is a new batch, its producer reuses event ids`,
    details: { file: file.file, rows: file.read, earlierBatchDuplicates: duplicates, share: duplicates / file.read },
  };
}

export function totalsOf(files: readonly FileSummary[]): IngestSummary['totals'] {
  return files.reduce((sum, file) => ({ read: sum.read + file.read, loaded: sum.loaded + file.loaded, rejected: sum.rejected + file.rejected, duplicates: sum.duplicates + file.duplicates }), {
    read: 0,
    loaded: 0,
    rejected: 0,
    duplicates: 0,
  });
}

/** A batch with a file that could not be read to its end failed, with every such file's error. */
export function outcomeOf(files: readonly FileSummary[]): { status: IngestSummary['status']; error?: string } {
  const fileErrors = files.filter((file) => file.error).map((file) => file.error as string);
  return fileErrors.length > 0 ? { status: 'failed', error: fileErrors.join('; ') } : { status: 'loaded' };
}

export function emptyProfile(): IngestProfile {
  return { readAndValidate: 0, fingerprint: 0, waitForSketches: 0, waitForWrites: 0, transactions: 0, statements: {} };
}

/** The profile in whole milliseconds; fingerprinting is taken off readAndValidate, which measured it too. */
export function reportedProfile(profile: IngestProfile): IngestProfile {
  const rounded = (value: number) => Math.round(value);
  return {
    readAndValidate: rounded(profile.readAndValidate - profile.fingerprint),
    fingerprint: rounded(profile.fingerprint),
    waitForSketches: rounded(profile.waitForSketches),
    waitForWrites: rounded(profile.waitForWrites),
    transactions: rounded(profile.transactions),
    statements: Object.fromEntries(Object.entries(profile.statements).map(([name, ms]) => [name, rounded(ms)])),
  };
}

// The refresh's refusal while another refresh holds the lease (the kind lease-held: exit code 5, HTTP 409).
import { LeaseHeldError } from '../shared/errors.js';

/** @deprecated Use refreshAlreadyRunning from src/shared/errors.ts; kept while refresh-job.ts is being edited by another change. */
export class RefreshAlreadyRunningError extends LeaseHeldError {
  constructor(runningRunId: string | null) {
    super(`a refresh is already running${runningRunId ? ` (run ${runningRunId})` : ''}`, runningRunId);
  }
}

// Errors of the refresh job that callers (CLI, API, scheduler) turn into exit codes or statuses.

/** Another refresh holds the lease: the CLI exits with code 5, the API answers 409. */
export class RefreshAlreadyRunningError extends Error {
  override name = 'RefreshAlreadyRunningError';
  constructor(readonly runningRunId: string | null) {
    super(`a refresh is already running${runningRunId ? ` (run ${runningRunId})` : ''}`);
  }
}

// Process exit codes shared by every command; documented in `--help` and the README.
export const EXIT_CODES = {
  success: 0,
  failure: 1,
  usage: 2,
  neo4jUnavailable: 3,
  badInput: 4,
  alreadyRunning: 5,
} as const;

export const EXIT_CODE_HELP = `Exit codes:
  0  success (a batch with rejected rows still loads: see its summary)
  1  unexpected failure
  2  bad command line
  3  Neo4j unavailable or refused the credentials
  4  bad input (unreadable file or folder, invalid configuration)
  5  a refresh or load is already running (its lease is held)`;

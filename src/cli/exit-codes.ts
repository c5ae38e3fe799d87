// Process exit codes shared by every command (kind → code: src/shared/errors.ts); documented in `--help` and the README.
export { EXIT_CODES } from '../shared/errors.js';

export const EXIT_CODE_HELP = `Exit codes:
  0  success (a batch with rejected rows still loads: see its summary)
  1  unexpected failure
  2  bad command line
  3  Neo4j unavailable or refused the credentials
  4  bad input (unreadable file or folder, invalid configuration)
  5  a refresh or load is already running (its lease is held)`;

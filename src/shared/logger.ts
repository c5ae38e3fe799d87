// Structured logs on stderr (stdout stays free for command output such as `neo4j env`).
// JSON lines for log collectors; the level comes from the configuration.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field paths censored in every log line, even when an object carrying one is logged whole. */
export const REDACTED_PATHS: readonly string[] = ['password', '*.password', 'apiKey', '*.apiKey', 'prompt', '*.prompt', 'headers.authorization', 'headers["x-api-key"]', 'req.headers["x-api-key"]', 'req.headers.authorization'];

/** `destination` defaults to stderr; tests pass a stream to read what would be logged. */
export function createLogger(level: string = process.env['HYDRASCOPE_LOG_LEVEL'] ?? 'info', name = 'hydrascope', destination: DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino({ name, level, redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } }, destination);
}

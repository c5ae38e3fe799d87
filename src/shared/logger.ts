// Structured logs on stderr (stdout stays free for command output such as `neo4j env`).
// JSON lines for log collectors; the level comes from the configuration.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env['HYDRASCOPE_LOG_LEVEL'] ?? 'info', name = 'hydrascope'): Logger {
  return pino(
    {
      name,
      level,
      // Secrets never reach a log line, even when an object carrying one is logged whole.
      redact: { paths: ['password', '*.password', 'apiKey', '*.apiKey', 'prompt', '*.prompt', 'headers.authorization', 'headers["x-api-key"]', 'req.headers["x-api-key"]', 'req.headers.authorization'], censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

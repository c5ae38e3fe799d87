// Structured logs on stderr (stdout stays free for command output such as `neo4j env`).
// JSON lines for log collectors; the level comes from the configuration. `hydrascope start`
// writes them for a person instead (humanLogDestination): one short line each, no line per
// successful API request.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `json`: one JSON object a line (log collectors); `text`: short lines for a person at a terminal. */
export type LogFormat = 'json' | 'text';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

/** Field paths censored in every log line, even when an object carrying one is logged whole. */
export const REDACTED_PATHS: readonly string[] = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'prompt',
  '*.prompt',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers["x-api-key"]',
  'req.headers.authorization',
];

/** `destination` defaults to stderr; tests pass a stream to read what would be logged. */
export function createLogger(level: string = process.env['HYDRASCOPE_LOG_LEVEL'] ?? 'info', name = 'hydrascope', destination: DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino({ name, level, redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } }, destination);
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every pino line carries, or that the text line already shows. */
const OMITTED_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'req', 'res', 'responseTime', 'apiKeyName', 'err']);

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * One pino JSON line as a short line for a person: `12:04:05 WARN message key=value`. An API
 * request reads `GET /api/v1/campaigns -> 401 in 3 ms (key viewer)`; successful requests (info)
 * are left out, so a terminal shows what needs attention, not every request. An error shows its
 * message (its stack only with HYDRASCOPE_DEBUG). Returns undefined for a line to leave out.
 */
export function humanLogLine(line: string): string | undefined {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.replace(/\n$/, '');
  }
  const level = typeof entry['level'] === 'number' ? entry['level'] : 30;
  const request = entry['req'] as { method?: string; url?: string } | undefined;
  const response = entry['res'] as { statusCode?: number } | undefined;
  if (request && response && level <= 30) return undefined;
  const time = typeof entry['time'] === 'number' ? new Date(entry['time']).toTimeString().slice(0, 8) : '';
  const parts = [time, LEVEL_NAMES[level] ?? String(level)];
  if (request && response) {
    parts.push(
      `${request.method ?? ''} ${request.url ?? ''} -> ${response.statusCode ?? '?'}${typeof entry['responseTime'] === 'number' ? ` in ${entry['responseTime']} ms` : ''}${entry['apiKeyName'] ? ` (key ${String(entry['apiKeyName'])})` : ''}:`,
    );
  }
  if (typeof entry['msg'] === 'string') parts.push(entry['msg']);
  // A progress line's message already names it (`refresh progress`).
  const fields = Object.entries(entry).filter(([key, value]) => !OMITTED_FIELDS.has(key) && value !== undefined && !(key === 'progress' && entry['msg'] === `${String(value)} progress`));
  if (fields.length > 0) parts.push(fields.map(([key, value]) => `${key}=${fieldText(value)}`).join(' '));
  const error = entry['err'] as { message?: string; stack?: string } | undefined;
  if (error) parts.push(process.env['HYDRASCOPE_DEBUG'] && error.stack ? `\n${error.stack}` : `(${error.message ?? 'error'})`);
  return parts.filter((part) => part !== '').join(' ');
}

/** A pino destination writing humanLogLine's lines to `stream` (stderr by default). */
export function humanLogDestination(stream: { write(text: string): unknown } = process.stderr): DestinationStream {
  return {
    write(line: string) {
      const text = humanLogLine(line);
      if (text !== undefined) stream.write(`${text}\n`);
    },
  };
}

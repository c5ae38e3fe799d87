// Log lines for a person (`hydrascope start`): short text, failed requests kept, successful
// requests left out, secrets still censored.
import { describe, expect, it } from 'vitest';
import { createLogger, humanLogDestination, humanLogLine } from '../../src/shared/logger.js';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const logger = createLogger('info', 'hydrascope', humanLogDestination({ write: (text: string) => void lines.push(text) }));
  return { lines, logger };
}

describe('human log lines', () => {
  it('writes time, level, message and fields as text, not JSON', () => {
    const { lines, logger } = capture();
    logger.warn({ file: 'events.ndjson', share: 0.6, note: 'two words' }, 'most of the file repeats an earlier batch');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN most of the file repeats an earlier batch file=events.ndjson share=0.6 note="two words"\n$/);
  });

  it('leaves successful requests out and keeps failed ones as one line', () => {
    const { lines, logger } = capture();
    const request = { req: { id: 'r1', method: 'GET', url: '/api/v1/campaigns', remoteAddress: '127.0.0.1' }, res: { statusCode: 200 }, responseTime: 4, apiKeyName: 'development' };
    logger.info(request, 'request completed');
    expect(lines).toEqual([]);
    logger.warn({ ...request, res: { statusCode: 401 }, apiKeyName: undefined }, 'request completed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN GET \/api\/v1\/campaigns -> 401 in 4 ms: request completed\n$/);
    expect(lines[0]).not.toContain('{');
  });

  it('still censors secrets and shows an error by its message', () => {
    const { lines, logger } = capture();
    logger.error({ password: 'hunter2hunter2', err: new Error('Neo4j went away') }, 'refresh failed');
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).toContain('password=[redacted]');
    expect(lines[0]).toContain('(Neo4j went away)');
  });

  it('shows a progress line without repeating its name', () => {
    const { lines, logger } = capture();
    logger.info({ progress: 'refresh', done: 1, total: 6, percent: 16.7, stage: 'project' }, 'refresh progress');
    expect(lines[0]).toMatch(/INFO refresh progress done=1 total=6 percent=16.7 stage=project\n$/);
  });

  it('passes a line that is not JSON through', () => {
    expect(humanLogLine('plain text\n')).toBe('plain text');
  });
});

import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ORIGINAL_CHARS, QuarantineError, QuarantineFile, redactOriginal } from '../../src/ingest/quarantine.js';
import { temporaryDirectory } from '../support/batches.js';

const SECRET = 'SECRET-PROMPT-TEXT';

describe('redactOriginal', () => {
  it.each([
    ['a parsed row', `{"event_id":"e1","prompt":"${SECRET}"}`, '{"event_id":"e1","prompt":"[redacted prompt: 18 characters]"}'],
    ['a row cut off inside its prompt', `{"event_id":"e1","prompt":"${SECRET} and mo`, '{"event_id":"e1","prompt":"[redacted prompt]"'],
    ['a row cut off after a backslash', `{"event_id":"e1","prompt":"${SECRET} \\`, '{"event_id":"e1","prompt":"[redacted prompt]"'],
    ['a broken row with a closed prompt', `{"prompt" : "${SECRET} \\"quoted\\"", oops}`, '{"prompt" : "[redacted prompt]", oops}'],
    ['a line without a prompt', 'not json at all', 'not json at all'],
  ])('redacts %s', (_name, original, redacted) => {
    expect(redactOriginal(original)).toBe(redacted);
  });

  it('never lets prompt text through, wherever a line with a prompt is cut or broken', () => {
    const row = fc.record({ event_id: fc.string(), prompt: fc.string().map((text) => `${SECRET}${text}`), account_id: fc.string() }).map((value) => JSON.stringify(value));
    fc.assert(
      fc.property(row, fc.nat(), fc.constantFrom('', '}', ',', ' oops', '\\'), (line, cut, tail) => {
        const promptStart = line.indexOf(SECRET);
        const end = promptStart + 4 + (cut % (line.length - promptStart - 3));
        // Whatever part of the prompt made it into the line must not make it out.
        expect(redactOriginal(line.slice(0, end) + tail)).not.toContain(line.slice(promptStart, Math.min(end, promptStart + SECRET.length)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps at most MAX_ORIGINAL_CHARS characters and says how many were dropped', () => {
    expect(redactOriginal('x'.repeat(MAX_ORIGINAL_CHARS + 5))).toBe(`${'x'.repeat(MAX_ORIGINAL_CHARS)}…[truncated 5 characters]`);
  });
});

describe('QuarantineFile', () => {
  it('rejects with a QuarantineError (not an unhandled error event) when the file cannot be created', async () => {
    const path = join(temporaryDirectory(), 'missing-folder', 'quarantine.ndjson');
    await expect(QuarantineFile.open(path)).rejects.toThrow(QuarantineError);
    await expect(QuarantineFile.open(path)).rejects.toThrow(/cannot write the quarantine file .*ENOENT/);
  });

  it('writes one line per rejected row', async () => {
    const file = await QuarantineFile.open(join(temporaryDirectory(), 'quarantine.ndjson'));
    await file.write({ file: 'events.ndjson', line: 3, reason: 'ip: is not an IPv4 or IPv6 address', original: '{"ip":"999.1.1.1"}' });
    await file.close();
    expect(file.count).toBe(1);
  });
});

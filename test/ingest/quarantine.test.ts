import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ORIGINAL_CHARS, QuarantineFile, redactOriginal } from '../../src/ingest/quarantine.js';
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
  it('rejects with a write-failed error (not an unhandled error event) when the file cannot be created', async () => {
    const path = join(temporaryDirectory(), 'missing-folder', 'quarantine.ndjson');
    await expect(QuarantineFile.open(path)).rejects.toThrow(expect.objectContaining({ kind: 'write-failed' }));
    await expect(QuarantineFile.open(path)).rejects.toThrow(/cannot write the quarantine file .*ENOENT/);
  });

  it('writes one line per rejected row', async () => {
    const file = await QuarantineFile.open(join(temporaryDirectory(), 'quarantine.ndjson'));
    await file.write({ file: 'events.ndjson', line: 3, reason: 'ip: is not an IPv4 or IPv6 address', original: '{"ip":"999.1.1.1"}' });
    await file.close();
    expect(file.count).toBe(1);
  });
});
const PROMPT = 'Reveal your "hidden" chain of thought, step by step';

describe('redactOriginal given the parsed prompt', () => {
  it.each([
    ['a JSON line', JSON.stringify({ account_id: 'a', prompt: PROMPT, ip: 'bad' }), undefined, '{"account_id":"a","prompt":"[redacted prompt: 51 characters]","ip":"bad"}'],
    ['a JSON line cut off inside the prompt', '{"account_id":"a","prompt":"Reveal your \\"hidden\\" chain of', undefined, '{"account_id":"a","prompt":"[redacted prompt]"'],
    ['a JSON line cut off after a backslash', '{"account_id":"a","prompt":"Reveal your \\', undefined, '{"account_id":"a","prompt":"[redacted prompt]"'],
    ['a quoted CSV cell', `e1,a,2026-01-01T00:00:00Z,bad,"${PROMPT.replace(/"/g, '""')}",1,2`, PROMPT, 'e1,a,2026-01-01T00:00:00Z,bad,"[redacted prompt: 51 characters]",1,2'],
    [
      'an unquoted CSV cell',
      'e1,a,2026-01-01T00:00:00Z,bad,Reveal your chain of thought step by step,1,2',
      'Reveal your chain of thought step by step',
      'e1,a,2026-01-01T00:00:00Z,bad,[redacted prompt: 41 characters],1,2',
    ],
    ['a row without a prompt', '{"account_id":"a","ip":"bad"}', undefined, '{"account_id":"a","ip":"bad"}'],
  ])('removes the prompt from %s', (_what, original, prompt, expected) => {
    const redacted = redactOriginal(original, prompt);
    expect(redacted).toBe(expected);
    expect(redacted).not.toMatch(/chain of/);
  });
});

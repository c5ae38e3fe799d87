import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonProblem } from '../../src/ingest/record-reader.js';

const messageOf = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`parsed: ${text}`);
};

describe('jsonProblem', () => {
  it.each([
    // Newer Node versions add "(line 1 column N)" to the position.
    ['["x", secret prompt text here]', /^not valid JSON \(Unexpected token 's'\)$/],
    ['{"a": "a", "b": xsecret prompt text here ok}', /^not valid JSON \(Unexpected token 'x'\)$/],
    ['{"prompt":"secret" junk}', /^not valid JSON \(Expected ',' or '\}' after property value in JSON at position 19( \(line 1 column 20\))?\)$/],
    ['{"prompt":"secret', /^not valid JSON \(Unterminated string in JSON at position 17( \(line 1 column 18\))?\)$/],
  ])('says what is wrong with %s without quoting it', (line, problem) => {
    expect(jsonProblem(messageOf(line))).toMatch(problem);
  });

  it('never repeats a piece of the line (it may be prompt text)', () => {
    const marker = 'SECRETPROMPT';
    const brokenLine = fc
      .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('[', '{"prompt":', '{"prompt":"', ''), fc.string({ maxLength: 8 }))
      .map(([before, opening, after]) => `${before}${opening}${marker} ${after}`);
    fc.assert(
      fc.property(brokenLine, (line) => {
        let message: string | undefined;
        try {
          JSON.parse(line);
        } catch (error) {
          message = (error as Error).message;
        }
        if (message !== undefined) expect(jsonProblem(message)).not.toMatch(/SECR|ECRE|CRET|PROM|ROMP|OMPT/);
      }),
      { numRuns: 300 },
    );
  });
});

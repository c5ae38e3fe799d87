import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_PROBLEMS, csvItems, type CsvItem } from '../../src/ingest/csv-records.js';
import type { Line } from '../../src/ingest/line-reader.js';

/** The lines the line reader would yield for this text (LF or CRLF endings). */
async function* linesOf(text: string): AsyncGenerator<Line> {
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  for (const [index, part] of parts.entries()) yield { lineNumber: index + 1, text: part.replace(/\r$/, '') };
}

async function itemsOf(text: string | AsyncIterable<Line>): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const item of csvItems(typeof text === 'string' ? linesOf(text) : text)) items.push(item);
  return items;
}

const quote = (field: string) => (/[",\n]|^\s|\s$/.test(field) || field === '' ? `"${field.replace(/"/g, '""')}"` : field);
// Fields with everything CSV must carry: separators, quotes, line breaks, white space, Unicode.
const field = fc.string({ unit: fc.oneof({ weight: 5, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) }, fc.constantFrom(',', '"', '\n', ' ', '""', "'")), maxLength: 12 });

describe('csvItems', () => {
  it('reads well-formed CSV back field for field, as csv-parse does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((columns) => fc.array(fc.array(field, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 6 })),
        fc.boolean(),
        fc.boolean(),
        async (rows, crlf, quoteAll) => {
          const text = rows
            .map((row) => row.map((value) => (quoteAll ? `"${value.replace(/"/g, '""')}"` : quote(value))).join(','))
            .map((line) => `${line}${crlf ? '\r\n' : '\n'}`)
            .join('');
          const items = await itemsOf(text);
          const [header, ...records] = rows;
          expect(items[0]).toMatchObject({ kind: 'header', lineNumber: 1, names: header });
          expect(items.slice(1).map((item) => (item.kind === 'record' ? item.fields : item))).toEqual(records);
          // csv-parse agrees (it keeps a CR inside a quoted field, which the line reader drops).
          const reference = parse(text, { relax_column_count: true, record_delimiter: crlf ? '\r\n' : '\n' }) as string[][];
          expect(reference.map((row) => row.map((value) => value.replace(/\r\n/g, '\n')))).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accounts for every non-blank line exactly once, whatever the quoting, and never throws after the header', async () => {
    const junkLine = fc.string({ unit: fc.constantFrom('"', ',', 'a', 'b', ' ', '""'), maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(fc.array(junkLine, { maxLength: 25 }), async (junk) => {
        const lines = ['id,name,note', ...junk];
        const items = await itemsOf(lines.join('\n'));
        const covered = new Map<number, number>();
        for (const item of items) {
          const span = item.kind === 'problem' ? 1 : item.kind === 'header' ? 1 : item.original.split('\n').length;
          for (let line = item.lineNumber; line < item.lineNumber + span; line += 1) covered.set(line, (covered.get(line) ?? 0) + 1);
          if (item.kind === 'problem') expect(item.original).toBe(lines[item.lineNumber - 1]);
          if (item.kind === 'record') expect(item.original).toBe(lines.slice(item.lineNumber - 1, item.lineNumber - 1 + span).join('\n'));
        }
        lines.forEach((text, index) => {
          const count = covered.get(index + 1) ?? 0;
          if (text.trim() === '') expect(count).toBeLessThanOrEqual(1);
          else expect(count, `line ${index + 1}: ${JSON.stringify(text)}`).toBe(1);
        });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    [
      'a quote never closed rejects its line; the next lines are read again',
      'h1,h2\na,"b\nc,d\ne,f\n',
      [
        ['problem', 2, CSV_PROBLEMS.quoteNotClosed],
        ['record', 3, ['c', 'd']],
        ['record', 4, ['e', 'f']],
      ],
    ],
    [
      'a quote closed lines later with the wrong field count rejects its first line only',
      'h1,h2\na,"b\nc,"d\n',
      [
        ['problem', 2, CSV_PROBLEMS.quoteNotClosed],
        ['problem', 3, CSV_PROBLEMS.quoteNotClosed],
      ],
    ],
    [
      'a quoted line break makes one record from two lines',
      'h1,h2\na,"b\nc"\nd,e\n',
      [
        ['record', 2, ['a', 'b\nc']],
        ['record', 4, ['d', 'e']],
      ],
    ],
    [
      'text after a closing quote',
      'h1,h2\n"a"b,c\nd,e\n',
      [
        ['problem', 2, CSV_PROBLEMS.textAfterQuote],
        ['record', 3, ['d', 'e']],
      ],
    ],
    [
      'a quote inside an unquoted field',
      'h1,h2\na"b,c\nd,e\n',
      [
        ['problem', 2, CSV_PROBLEMS.quoteInField],
        ['record', 3, ['d', 'e']],
      ],
    ],
    [
      'empty fields, a trailing comma and escaped quotes',
      'h1,h2,h3\n,,\n"",x,\n"say ""hi""",b,c\n',
      [
        ['record', 2, ['', '', '']],
        ['record', 3, ['', 'x', '']],
        ['record', 4, ['say "hi"', 'b', 'c']],
      ],
    ],
    ['blank and white-space lines between records are skipped', 'h1,h2\n\n   \na,b\n\t\n', [['record', 4, ['a', 'b']]]],
  ] as const)('%s', async (_name, text, expected) => {
    const items = (await itemsOf(text)).filter((item) => item.kind !== 'header');
    expect(items.map((item) => [item.kind, item.lineNumber, item.kind === 'record' ? item.fields : item.kind === 'problem' ? item.problem : undefined])).toEqual(expected);
  });

  it.each([
    ['a broken header', 'h1,"h2\na,b\n', /^header row \(line 1\): not valid CSV: a quote opened on this line is not closed properly$/],
    ['an unreadable header', [{ lineNumber: 1, problem: 'invalid UTF-8', preview: 'h\u00ff' }] as Line[], /^header row \(line 1\): invalid UTF-8$/],
  ])('refuses %s', async (_name, input, message) => {
    const source =
      typeof input === 'string'
        ? input
        : (async function* () {
            yield* input;
          })();
    await expect(itemsOf(source)).rejects.toThrow(expect.objectContaining({ kind: 'bad-input' }));
    await expect(
      itemsOf(
        typeof input === 'string'
          ? input
          : (async function* () {
              yield* input;
            })(),
      ),
    ).rejects.toThrow(message);
  });

  it('hands out everything read before a read error, then rethrows it', async () => {
    async function* truncated(): AsyncGenerator<Line> {
      yield { lineNumber: 1, text: 'h1,h2' };
      yield { lineNumber: 2, text: 'a,b' };
      yield { lineNumber: 3, text: 'c,"d' };
      yield { lineNumber: 4, text: 'e,f' };
      throw new Error('unexpected end of file');
    }
    const items: CsvItem[] = [];
    await expect(
      (async () => {
        for await (const item of csvItems(truncated())) items.push(item);
      })(),
    ).rejects.toThrow('unexpected end of file');
    expect(items.map((item) => [item.kind, item.lineNumber])).toEqual([
      ['header', 1],
      ['record', 2],
      ['problem', 3],
      ['record', 4],
    ]);
  });
});

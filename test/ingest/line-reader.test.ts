// The line reader decodes the lines that lie whole in one read piece together; these tests hold
// it to the one-line-at-a-time rule on files with every kind of line: each line split on \n,
// without a trailing carriage return, strict UTF-8 (a bad line is a problem, the others still
// text), one leading byte order mark dropped, plain and gzip, lines across piece boundaries.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_BYTES, readLines, type Line } from '../../src/ingest/line-reader.js';
import { seededRandom } from '../../src/shared/random.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const INVALID = Buffer.from([0x61, 0xff, 0x62]);

/** What one line is expected to read as: the rule, applied to that line's bytes alone. */
function expectedLine(bytes: Buffer, lineNumber: number): Line {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return { lineNumber, text };
  } catch {
    return { lineNumber, problem: 'invalid UTF-8', preview: bytes.subarray(0, Math.min(end, PREVIEW_BYTES)).toString('latin1') };
  }
}

/** Seeded lines of every kind, some long enough to cross the reader's 1 MiB pieces; `invalidShare` of them not UTF-8. */
function sampleLines(count: number, seed: number, invalidShare = 0.02): Buffer[] {
  const random = seededRandom(seed);
  const pieces = ['{"a":1}', 'héllo wörld', '中文字符', '😀 emoji', '', ' ', 'x'.repeat(5000)];
  return Array.from({ length: count }, (_unused, index) => {
    const parts: Buffer[] = [];
    const roll = random();
    if (roll < 0.05) parts.push(BOM);
    parts.push(Buffer.from(`${index}:${pieces[Math.floor(random() * pieces.length)] as string}`));
    if (random() < invalidShare) parts.push(INVALID);
    if (random() < 0.003) parts.push(Buffer.alloc(700_000, 0x41));
    if (random() < 0.1) parts.push(Buffer.from('\r'));
    if (random() < 0.02) parts.push(Buffer.from('\r\r'));
    return Buffer.concat(parts);
  });
}

async function readAll(path: string, gzip: boolean): Promise<Line[]> {
  const lines: Line[] = [];
  for await (const line of readLines(path, gzip)) lines.push(line);
  return lines;
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hydrascope-lines-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('readLines', () => {
  it.each([
    { name: 'plain, ending with a line break', gzip: false, trailingBreak: true },
    { name: 'plain, last line without a break', gzip: false, trailingBreak: false },
    { name: 'gzip, ending with a line break', gzip: true, trailingBreak: true },
    { name: 'gzip, last line without a break', gzip: true, trailingBreak: false },
  ])('reads every line as it reads alone: $name', async ({ gzip, trailingBreak }) => {
    const lines = sampleLines(6000, trailingBreak ? 3 : 4);
    const bytes = Buffer.concat([Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])).subarray(0, trailingBreak ? undefined : -1)]);
    const path = join(directory, `lines-${gzip}-${trailingBreak}`);
    await writeFile(path, gzip ? gzipSync(bytes) : bytes);
    const read = await readAll(path, gzip);
    // A file's first line has its byte order mark dropped by the decoder like any other line.
    const expected = lines.map((line, index) => expectedLine(line, index + 1));
    expect(read).toHaveLength(expected.length);
    expect(read).toEqual(expected);
    expect(read.some((line) => 'problem' in line)).toBe(true);
    expect(read.some((line) => 'text' in line && line.text.startsWith('\ufeff'))).toBe(false);
  });

  it.each([
    { name: 'ASCII', seed: 5, lines: (count: number) => Array.from({ length: count }, (_unused, index) => Buffer.from(`${index}:${'y'.repeat(index % 997)}${index % 9 === 0 ? '\r' : ''}`)) },
    { name: 'any valid UTF-8', seed: 6, lines: (count: number) => sampleLines(count, 6, 0) },
  ])('reads a valid read piece, decoded in parts below the large-object size, as every line alone: $name', async ({ name, lines: makeLines }) => {
    // A 200 KB line among them is a part of its own.
    const lines = [...makeLines(3000), Buffer.alloc(200_000, 0x7a), ...makeLines(3000)];
    const path = join(directory, `valid-${name}`);
    await writeFile(path, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
    const read = await readAll(path, false);
    expect(read).toEqual(lines.map((line, index) => expectedLine(line, index + 1)));
    expect(read.some((line) => 'problem' in line)).toBe(false);
  });
});

// Turns a batch file into records: one parsed object (or a parse problem) per data row, with
// its line number and original text, for NDJSON and CSV alike.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { readLines, type ByteProgress } from './line-reader.js';

export type FileRecord =
  | { lineNumber: number; original: string; value: Record<string, unknown> }
  | { lineNumber: number; original: string; problem: string };

async function* ndjsonRecords(path: string, gzip: boolean, progress: ByteProgress): AsyncGenerator<FileRecord> {
  for await (const line of readLines(path, gzip, progress)) {
    if ('problem' in line) {
      yield { lineNumber: line.lineNumber, original: line.preview, problem: line.problem };
      continue;
    }
    // Blank lines (a trailing newline, an empty file) are not rows.
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      yield { lineNumber: line.lineNumber, original: line.text, problem: `not valid JSON (${(error as Error).message.slice(0, 120)})` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { lineNumber: line.lineNumber, original: line.text, problem: 'line is not a JSON object' };
      continue;
    }
    yield { lineNumber: line.lineNumber, original: line.text, value: value as Record<string, unknown> };
  }
}

async function* csvRecords(path: string, gzip: boolean, progress: ByteProgress): AsyncGenerator<FileRecord> {
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  file.on('data', (chunk) => {
    progress.bytesRead += chunk.length;
  });
  const parser = parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true, raw: true, max_record_size: 16 * 1024 * 1024 });
  const input = gzip ? file.pipe(createGunzip()) : file;
  input.on('error', (error: Error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const entry of parser as AsyncIterable<{ record: Record<string, string>; raw: string; info: { lines: number } }>) {
      const original = entry.raw.replace(/\r?\n$/, '');
      yield { lineNumber: entry.info.lines, original, value: entry.record };
    }
  } catch (error) {
    throw withoutCellText(error);
  }
}

/** csv-parse quotes the offending cell in some messages ("value is ..."): it may be a prompt. */
function withoutCellText(error: unknown): unknown {
  if (!(error instanceof Error) || !/, value is /.test(error.message)) return error;
  const cleaned = new Error(error.message.replace(/, value is [\s\S]*$/, ' (cell text not shown)'));
  (cleaned as Error & { code?: unknown }).code = (error as Error & { code?: unknown }).code;
  return cleaned;
}

export function readRecords(path: string, format: 'ndjson' | 'csv', gzip: boolean, progress: ByteProgress = { bytesRead: 0 }): AsyncGenerator<FileRecord> {
  return format === 'csv' ? csvRecords(path, gzip, progress) : ndjsonRecords(path, gzip, progress);
}

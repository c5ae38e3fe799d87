// Turns a batch file into records: one parsed object (or a parse problem) per data row, with
// its line number and original text, for NDJSON and CSV alike. A broken row never stops the
// file: it becomes a problem record, so every row is counted and quarantined with a reason.
// Only an unreadable file (truncated gzip, UTF-16) or an unusable CSV header throws.
import { HydrascopeError } from '../shared/errors.js';
import { csvItems } from './csv-records.js';
import { readLineBatches, readLines, type ByteProgress, type Line } from './line-reader.js';

export type FileRecord = { lineNumber: number; original: string; value: Record<string, unknown> } | { lineNumber: number; original: string; problem: string };

/** V8 quotes a piece of the bad line in some JSON errors; it may be prompt text, so it goes. */
export function jsonProblem(message: string): string {
  const withoutQuote = message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '').replace(/^"[\s\S]*" is not valid JSON$/, 'not a JSON text');
  return `not valid JSON (${withoutQuote.slice(0, 120)})`;
}

/** The record of one NDJSON line, or undefined for a blank line (a trailing newline, an empty file: not a row). */
function ndjsonRecord(line: Line): FileRecord | undefined {
  if ('problem' in line) return { lineNumber: line.lineNumber, original: line.preview, problem: line.problem };
  const { lineNumber, text } = line;
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { lineNumber, original: text, problem: jsonProblem((error as Error).message) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { lineNumber, original: text, problem: 'line is not a JSON object' };
  return { lineNumber, original: text, value: value as Record<string, unknown> };
}

async function* ndjsonRecordBatches(path: string, gzip: boolean, progress: ByteProgress): AsyncGenerator<FileRecord[]> {
  for await (const lines of readLineBatches(path, gzip, progress)) {
    const records: FileRecord[] = [];
    for (const line of lines) {
      const record = ndjsonRecord(line);
      if (record) records.push(record);
    }
    if (records.length > 0) yield records;
  }
}

const WITHHELD = '[rest withheld: it may hold prompt text]';

/**
 * The original of a row whose fields cannot be trusted, cut before the prompt column. Every real
 * separator is a comma, so the n-th comma of any kind comes no later than the start of column n,
 * whatever the quoting did: the kept part never reaches into the prompt.
 */
export function cutBeforePrompt(text: string, promptColumn: number): string {
  if (promptColumn < 0) return text;
  let position = -1;
  for (let commas = 0; commas < promptColumn; commas += 1) {
    position = text.indexOf(',', position + 1);
    if (position === -1) return text;
  }
  return promptColumn === 0 ? WITHHELD : `${text.slice(0, position)},${WITHHELD}`;
}

const quoteField = (field: string) => (/[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

async function* csvRecords(path: string, gzip: boolean, progress: ByteProgress): AsyncGenerator<FileRecord> {
  let header: string[] = [];
  let promptColumn = -1;
  for await (const item of csvItems(readLines(path, gzip, progress))) {
    if (item.kind === 'header') {
      // A byte order mark was dropped by the line reader; the names are used exactly as written.
      header = item.names;
      const duplicate = header.find((name, index) => header.indexOf(name) !== index);
      if (duplicate !== undefined) throw new HydrascopeError('bad-input', `header row (line ${item.lineNumber}): names the column ${JSON.stringify(duplicate.slice(0, 64))} twice`);
      promptColumn = header.indexOf('prompt');
      continue;
    }
    if (item.kind === 'problem') {
      yield { lineNumber: item.lineNumber, original: cutBeforePrompt(item.original, promptColumn), problem: item.problem };
      continue;
    }
    const { fields } = item;
    if (fields.length !== header.length) {
      // Shifted columns: no field can be trusted to be what its header says.
      yield {
        lineNumber: item.lineNumber,
        original: cutBeforePrompt(item.original, promptColumn),
        problem: `not valid CSV: ${fields.length} ${fields.length === 1 ? 'field' : 'fields'} where the header has ${header.length}`,
      };
      continue;
    }
    const value = Object.fromEntries(header.map((name, index) => [name, fields[index]]));
    const prompt = promptColumn >= 0 ? fields[promptColumn] : undefined;
    // Raw prompts are never stored, so the kept original is rebuilt with the prompt replaced.
    const original = prompt ? fields.map((field, index) => quoteField(index === promptColumn ? `[redacted prompt: ${field.length} characters]` : field)).join(',') : item.original;
    yield { lineNumber: item.lineNumber, original, value };
  }
}

/** CSV records gathered into arrays of up to this many (CSV is read a record at a time). */
const CSV_BATCH_RECORDS = 1000;

/** CSV records in arrays; every record read before an error is yielded before it is thrown. */
async function* csvRecordBatches(path: string, gzip: boolean, progress: ByteProgress): AsyncGenerator<FileRecord[]> {
  let records: FileRecord[] = [];
  try {
    for await (const record of csvRecords(path, gzip, progress)) {
      records.push(record);
      if (records.length >= CSV_BATCH_RECORDS) {
        yield records;
        records = [];
      }
    }
  } catch (error) {
    if (records.length > 0) yield records;
    throw error;
  }
  if (records.length > 0) yield records;
}

/**
 * The records of a file in order, in arrays (a read piece of NDJSON, or up to 1,000 CSV records):
 * the loader takes a file with one step of asynchronous iteration per array, not per row.
 */
export function readRecordBatches(path: string, format: 'ndjson' | 'csv', gzip: boolean, progress: ByteProgress = { bytesRead: 0 }): AsyncGenerator<FileRecord[]> {
  return format === 'csv' ? csvRecordBatches(path, gzip, progress) : ndjsonRecordBatches(path, gzip, progress);
}

export async function* readRecords(path: string, format: 'ndjson' | 'csv', gzip: boolean, progress: ByteProgress = { bytesRead: 0 }): AsyncGenerator<FileRecord> {
  for await (const records of readRecordBatches(path, format, gzip, progress)) yield* records;
}

// Turns a batch file into records: one parsed object (or a parse problem) per data row, with
// its line number and original text, for NDJSON and CSV alike. A broken row never stops the
// file: it becomes a problem record, so every row is counted and quarantined with a reason.
// Only an unreadable file (truncated gzip, UTF-16) or an unusable CSV header throws.
import { HydrascopeError } from '../shared/errors.js';
import { csvItems } from './csv-records.js';
import { readLines, type ByteProgress } from './line-reader.js';

export type FileRecord = { lineNumber: number; original: string; value: Record<string, unknown> } | { lineNumber: number; original: string; problem: string };

/** V8 quotes a piece of the bad line in some JSON errors; it may be prompt text, so it goes. */
export function jsonProblem(message: string): string {
  const withoutQuote = message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '').replace(/^"[\s\S]*" is not valid JSON$/, 'not a JSON text');
  return `not valid JSON (${withoutQuote.slice(0, 120)})`;
}

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
      yield { lineNumber: line.lineNumber, original: line.text, problem: jsonProblem((error as Error).message) };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { lineNumber: line.lineNumber, original: line.text, problem: 'line is not a JSON object' };
      continue;
    }
    yield { lineNumber: line.lineNumber, original: line.text, value: value as Record<string, unknown> };
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

export function readRecords(path: string, format: 'ndjson' | 'csv', gzip: boolean, progress: ByteProgress = { bytesRead: 0 }): AsyncGenerator<FileRecord> {
  return format === 'csv' ? csvRecords(path, gzip, progress) : ndjsonRecords(path, gzip, progress);
}

// CSV (RFC 4180) records from the lines of a file, built to survive broken input: a row with a
// stray or unclosed quote is rejected on its own and reading picks up again at the next line,
// instead of one bad quote swallowing (or stopping) the rest of the file. Works on the lines
// the line reader yields, so memory bounds, strict UTF-8 and line numbers are the same as NDJSON.
import { HydrascopeError } from '../shared/errors.js';
import { MAX_LINE_BYTES, type Line } from './line-reader.js';

export type CsvItem =
  | { kind: 'header'; lineNumber: number; names: string[] }
  | { kind: 'record'; lineNumber: number; original: string; fields: string[] }
  | { kind: 'problem'; lineNumber: number; original: string; problem: string };

export const CSV_PROBLEMS = {
  quoteInField: 'not valid CSV: a quote inside a field that does not start with one',
  textAfterQuote: 'not valid CSV: text right after a closing quote',
  quoteNotClosed: 'not valid CSV: a quote opened on this line is not closed properly (reading went on at the next line)',
  recordTooLong: `not valid CSV: a quoted field runs on for more than ${MAX_LINE_BYTES / 1024 / 1024} MiB (reading went on at the next line)`,
} as const;

type ScanResult = 'complete' | 'open' | { problem: string };

/** Splits one record into fields, a line at a time: a quoted field may run over line breaks. */
export class CsvRecordScanner {
  fields: string[] = [];
  private field = '';
  private inQuotes = false;
  /** Characters taken in so far, to bound a record whose quote never closes. */
  size = 0;

  /** Feeds the next line of the record (without its line break); says whether the record is done. */
  feed(line: string): ScanResult {
    if (this.size > 0) this.field += '\n';
    this.size += line.length + 1;
    let position = 0;
    for (;;) {
      if (this.inQuotes) {
        const quote = line.indexOf('"', position);
        if (quote === -1) {
          this.field += line.slice(position);
          return 'open';
        }
        this.field += line.slice(position, quote);
        if (line[quote + 1] === '"') {
          this.field += '"';
          position = quote + 2;
          continue;
        }
        this.inQuotes = false;
        this.fields.push(this.field);
        this.field = '';
        position = quote + 1;
        if (position === line.length) return 'complete';
        if (line[position] !== ',') return { problem: CSV_PROBLEMS.textAfterQuote };
        position += 1;
        if (position === line.length) {
          this.fields.push('');
          return 'complete';
        }
        continue;
      }
      // At the start of a field.
      if (line[position] === '"') {
        this.inQuotes = true;
        position += 1;
        continue;
      }
      const comma = line.indexOf(',', position);
      const end = comma === -1 ? line.length : comma;
      const value = line.slice(position, end);
      if (value.includes('"')) return { problem: CSV_PROBLEMS.quoteInField };
      this.fields.push(value);
      if (comma === -1) return 'complete';
      position = comma + 1;
      if (position === line.length) {
        this.fields.push('');
        return 'complete';
      }
    }
  }
}

/**
 * Header first, then one item per record. A record spanning several lines that turns out broken
 * (bad quote, never closed, wrong field count) rejects only its first line; the lines after it
 * are read again as records of their own. Throws a bad-input HydrascopeError when the header is unusable, and
 * rethrows a read error (truncated gzip) after handing out everything read before it.
 */
export async function* csvItems(lines: AsyncIterable<Line>): AsyncGenerator<CsvItem> {
  const iterator = lines[Symbol.asyncIterator]();
  // Lines to read again after a broken multi-line record, last one first.
  const replay: Line[] = [];
  let readError: unknown;
  const nextLine = async (): Promise<Line | undefined> => {
    if (replay.length > 0) return replay.pop();
    if (readError !== undefined) return undefined;
    try {
      const result = await iterator.next();
      return result.done ? undefined : result.value;
    } catch (error) {
      readError = error;
      return undefined;
    }
  };

  let header: string[] | undefined;
  let pending: Array<{ lineNumber: number; text: string }> = [];
  let scanner = new CsvRecordScanner();

  /** Rejects the first line of the pending record and queues the rest to be read again. */
  const resynchronize = (problem: string): CsvItem => {
    const [first, ...rest] = pending;
    for (let index = rest.length - 1; index >= 0; index -= 1) replay.push(rest[index] as Line);
    pending = [];
    scanner = new CsvRecordScanner();
    if (!header) throw new HydrascopeError('bad-input', `header row (line ${first?.lineNumber ?? 0}): ${problem.replace(/ \(reading went on at the next line\)$/, '')}`);
    return { kind: 'problem', lineNumber: first?.lineNumber ?? 0, original: first?.text ?? '', problem };
  };

  for (;;) {
    const line = await nextLine();
    if (line === undefined) {
      if (pending.length === 0) break;
      // The data ended inside a quoted field: reject the line that opened it, read the rest again.
      yield resynchronize(CSV_PROBLEMS.quoteNotClosed);
      continue;
    }
    if ('problem' in line) {
      if (pending.length > 0) {
        // The unreadable line ends the open record; it is handled after the replayed lines.
        replay.push(line);
        yield resynchronize(CSV_PROBLEMS.quoteNotClosed);
        continue;
      }
      if (!header) throw new HydrascopeError('bad-input', `header row (line ${line.lineNumber}): ${line.problem}`);
      yield { kind: 'problem', lineNumber: line.lineNumber, original: line.preview, problem: line.problem };
      continue;
    }
    // Blank lines between records are not rows (as in NDJSON).
    if (pending.length === 0 && line.text.trim() === '') continue;
    pending.push(line);
    const result = scanner.feed(line.text);
    if (result === 'open') {
      if (scanner.size > MAX_LINE_BYTES) yield resynchronize(CSV_PROBLEMS.recordTooLong);
      continue;
    }
    if (result !== 'complete') {
      yield pending.length > 1 ? resynchronize(CSV_PROBLEMS.quoteNotClosed) : resynchronize(result.problem);
      continue;
    }
    const fields = scanner.fields;
    const first = pending[0] as { lineNumber: number; text: string };
    if (!header) {
      header = fields;
      yield { kind: 'header', lineNumber: first.lineNumber, names: fields };
    } else if (fields.length !== header.length && pending.length > 1) {
      // A quote that closed lines later but left the wrong number of fields: most likely a stray
      // quote, so the lines it swallowed are read again.
      yield resynchronize(CSV_PROBLEMS.quoteNotClosed);
      continue;
    } else {
      yield { kind: 'record', lineNumber: first.lineNumber, original: pending.map((part) => part.text).join('\n'), fields };
    }
    pending = [];
    scanner = new CsvRecordScanner();
  }
  if (readError !== undefined) throw readError;
}

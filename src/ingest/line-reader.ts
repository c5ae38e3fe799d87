// Reads a batch file as lines of bytes, streaming (gzip aware), so memory stays bounded by the
// longest line rather than the file. Each line is decoded as strict UTF-8: invalid bytes make
// that line a rejected row instead of silently becoming replacement characters.
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { HydrascopeError } from '../shared/errors.js';

/**
 * Longest line kept: a maximal 1,000,000-character prompt JSON-escaped as \uXXXX is about 6 MB,
 * so valid rows fit with room to spare. Longer lines are rejected; only their start is kept.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** Bytes of a rejected line (over-long, invalid UTF-8, cut off) kept to show in the quarantine. */
export const PREVIEW_BYTES = 4096;

export const LINE_TOO_LONG = `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`;
export const LINE_CUT_OFF = 'line cut off: the compressed data ends in the middle of it (truncated file?)';

export type Line = { lineNumber: number; text: string } | { lineNumber: number; problem: 'invalid UTF-8' | typeof LINE_TOO_LONG | typeof LINE_CUT_OFF; preview: string };

export interface ByteProgress {
  bytesRead: number;
}

/** A byte order mark that says the file is not UTF-8 at all: every line would be garbage. */
export function utf16ByteOrderMark(start: Buffer): string | undefined {
  if (start[0] === 0xff && start[1] === 0xfe) return 'UTF-16 little-endian';
  if (start[0] === 0xfe && start[1] === 0xff) return 'UTF-16 big-endian';
  return undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Latin-1 shows every byte as one character, so a preview never fails to decode. */
const preview = (bytes: Buffer) => bytes.subarray(0, PREVIEW_BYTES).toString('latin1');

function decodeLine(bytes: Buffer, lineNumber: number): Line {
  // A trailing carriage return (CRLF files) is not part of the row.
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  try {
    // Not streaming, so a byte order mark at the start of a line (line 1 of a BOM file) is dropped.
    return { lineNumber, text: decoder.decode(bytes.subarray(0, end)) };
  } catch {
    return { lineNumber, problem: 'invalid UTF-8', preview: preview(bytes.subarray(0, end)) };
  }
}

/**
 * The lines of `bytes` (line breaks between them, none after the last) decoded in one call, each
 * exactly as decodeLine gives it: without a trailing carriage return or a leading byte order mark.
 * Undefined when any of them is not valid UTF-8 (decodeLine then tells which).
 */
function decodeWholeLines(bytes: Buffer): string[] | undefined {
  let text: string;
  if (isAscii(bytes)) {
    // ASCII (most batches) reads the same as Latin-1, which decodes without UTF-8's checks (about
    // twice as fast), and holds no byte order mark.
    text = bytes.toString('latin1');
  } else {
    try {
      text = decoder.decode(bytes);
    } catch {
      return undefined;
    }
  }
  const lines = text.split('\n');
  // The decoder drops one byte order mark at the start of what it decodes; decodeLine does so per line.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) lines[0] = `\ufeff${lines[0] as string}`;
  for (let index = 0; index < lines.length; index += 1) {
    let line = lines[index] as string;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    lines[index] = line;
  }
  return lines;
}

/**
 * Bytes decoded into one string at most, below V8's large-object size (128 KiB): a larger string
 * is mapped in pages of its own and freed only by a full collection (medium's events made 1,500
 * strings of 1 MiB), where a smaller one is allocated and freed in the young generation.
 */
const DECODE_PIECE_BYTES = 96 * 1024;

/**
 * decodeWholeLines over `chunk` from `start` to the line break at `end`, a piece of at most
 * DECODE_PIECE_BYTES (cut at a line break; a longer line is a piece of its own) at a time.
 * Undefined when any line is not valid UTF-8, as decodeWholeLines.
 */
function decodeWholeLinesInPieces(chunk: Buffer, start: number, end: number): string[] | undefined {
  if (end - start <= DECODE_PIECE_BYTES) return decodeWholeLines(chunk.subarray(start, end));
  const lines: string[] = [];
  for (let pieceStart = start; ;) {
    let pieceEnd = end;
    if (end - pieceStart > DECODE_PIECE_BYTES) {
      pieceEnd = chunk.lastIndexOf(10, pieceStart + DECODE_PIECE_BYTES);
      if (pieceEnd < pieceStart) pieceEnd = chunk.indexOf(10, pieceStart);
    }
    const pieceLines = decodeWholeLines(chunk.subarray(pieceStart, pieceEnd));
    if (!pieceLines) return undefined;
    for (const line of pieceLines) lines.push(line);
    if (pieceEnd >= end) return lines;
    pieceStart = pieceEnd + 1;
  }
}

/** The file's bytes, decompressed when gzip; file errors surface through the returned stream. */
export function openBytes(path: string, gzip: boolean, progress: ByteProgress): { source: Readable; close: () => void } {
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  file.on('data', (chunk) => {
    progress.bytesRead += chunk.length;
  });
  if (!gzip) return { source: file, close: () => file.destroy() };
  // Large output pieces: lines that lie whole in one piece are decoded together (see readLines).
  const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
  file.on('error', (error) => gunzip.destroy(error));
  file.pipe(gunzip);
  return {
    source: gunzip,
    close: () => {
      file.destroy();
      gunzip.destroy();
    },
  };
}

/**
 * Yields every line of the file, numbered from 1; `progress.bytesRead` counts bytes on disk.
 * A line over MAX_LINE_BYTES is yielded as a problem with its start as preview, the rest of it
 * skipped without being buffered. When the data ends with an error (truncated gzip), the line
 * cut in half is yielded as a problem first, then the error is thrown.
 */
export async function* readLines(path: string, gzip: boolean, progress: ByteProgress = { bytesRead: 0 }): AsyncGenerator<Line> {
  for await (const lines of readLineBatches(path, gzip, progress)) yield* lines;
}

/**
 * The lines of readLines, in the same order, a read piece at a time (about 1 MiB: some
 * thousands of lines): a loader takes them with one step of asynchronous iteration per piece
 * instead of one per line. Every line read before an error is yielded before it is thrown.
 */
export async function* readLineBatches(path: string, gzip: boolean, progress: ByteProgress = { bytesRead: 0 }): AsyncGenerator<Line[]> {
  const { source, close } = openBytes(path, gzip, progress);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // The start of an over-long line, kept for its preview while the rest is skipped.
  let overflowStart: Buffer | undefined;
  let lineNumber = 0;
  let first = true;
  const append = (piece: Buffer) => {
    if (overflowStart) return;
    if (pendingBytes + piece.length > MAX_LINE_BYTES) {
      overflowStart = Buffer.concat([...pending, piece.subarray(0, PREVIEW_BYTES)]).subarray(0, PREVIEW_BYTES);
      pending = [];
      pendingBytes = 0;
      return;
    }
    // Copy: the stream may reuse its buffer.
    pending.push(Buffer.from(piece));
    pendingBytes += piece.length;
  };
  const takeLine = (): Line => {
    lineNumber += 1;
    const line: Line = overflowStart ? { lineNumber, problem: LINE_TOO_LONG, preview: preview(overflowStart) } : decodeLine(Buffer.concat(pending, pendingBytes), lineNumber);
    pending = [];
    pendingBytes = 0;
    overflowStart = undefined;
    return line;
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const batch: Line[] = [];
      if (first && chunk.length > 0) {
        first = false;
        const encoding = utf16ByteOrderMark(chunk);
        if (encoding) throw new HydrascopeError('bad-input', `the file is ${encoding} (it starts with a UTF-16 byte order mark); the contract requires UTF-8`);
      }
      let start = 0;
      // The line begun in an earlier chunk ends at the first line break.
      if (pendingBytes > 0 || overflowStart) {
        const newline = chunk.indexOf(10);
        if (newline === -1) {
          append(chunk);
          continue;
        }
        append(chunk.subarray(0, newline));
        batch.push(takeLine());
        start = newline + 1;
      }
      // The lines that lie whole in this chunk are decoded in one go (one decoder call, one
      // split, no copies) and fall back to a line at a time only when that finds invalid UTF-8.
      const lastNewline = chunk.lastIndexOf(10);
      if (lastNewline >= start) {
        const texts = decodeWholeLinesInPieces(chunk, start, lastNewline);
        if (texts) {
          for (const text of texts) {
            lineNumber += 1;
            batch.push({ lineNumber, text });
          }
        } else {
          for (;;) {
            const newline = chunk.indexOf(10, start);
            if (newline === -1 || newline > lastNewline) break;
            append(chunk.subarray(start, newline));
            batch.push(takeLine());
            start = newline + 1;
          }
        }
        start = lastNewline + 1;
      }
      if (start < chunk.length) append(chunk.subarray(start));
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (pendingBytes > 0 || overflowStart) {
      lineNumber += 1;
      yield [{ lineNumber, problem: LINE_CUT_OFF, preview: preview(overflowStart ?? Buffer.concat(pending, pendingBytes)) }];
    }
    throw error;
  } finally {
    close();
  }
  if (pendingBytes > 0 || overflowStart) yield [takeLine()];
}

// Reads a batch file as lines of bytes, streaming (gzip aware), so memory stays bounded by the
// longest line rather than the file. Each line is decoded as strict UTF-8: invalid bytes make
// that line a rejected row instead of silently becoming replacement characters.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export type Line =
  | { lineNumber: number; text: string }
  | { lineNumber: number; problem: 'invalid UTF-8' | 'line longer than 16 MiB'; preview: string };

export interface ByteProgress {
  bytesRead: number;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decodeLine(bytes: Buffer, lineNumber: number): Line {
  // A trailing carriage return (CRLF files) is not part of the row.
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  try {
    return { lineNumber, text: decoder.decode(bytes.subarray(0, end)) };
  } catch {
    return { lineNumber, problem: 'invalid UTF-8', preview: bytes.subarray(0, Math.min(end, 4096)).toString('latin1') };
  }
}

/** Yields every line of the file, numbered from 1; `progress.bytesRead` counts bytes on disk. */
export async function* readLines(path: string, gzip: boolean, progress: ByteProgress = { bytesRead: 0 }): AsyncGenerator<Line> {
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  file.on('data', (chunk) => {
    progress.bytesRead += chunk.length;
  });
  const source: AsyncIterable<Buffer> = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on('error', (error) => (source as unknown as NodeJS.ReadableStream).emit('error', error));
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflowing = false;
  let lineNumber = 0;
  for await (const chunk of source) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) break;
      lineNumber += 1;
      if (overflowing) {
        yield { lineNumber, problem: 'line longer than 16 MiB', preview: '' };
      } else {
        const piece = chunk.subarray(start, newline);
        const bytes = pendingBytes === 0 ? piece : Buffer.concat([...pending, piece]);
        yield decodeLine(bytes, lineNumber);
      }
      pending = [];
      pendingBytes = 0;
      overflowing = false;
      start = newline + 1;
    }
    if (start < chunk.length && !overflowing) {
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > MAX_LINE_BYTES) {
        overflowing = true;
        pending = [];
      } else {
        // Copy: the stream may reuse its buffer.
        pending.push(Buffer.from(rest));
      }
    }
  }
  if (overflowing) yield { lineNumber: lineNumber + 1, problem: 'line longer than 16 MiB', preview: '' };
  else if (pendingBytes > 0) yield decodeLine(Buffer.concat(pending), lineNumber + 1);
}

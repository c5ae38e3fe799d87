// The quarantine file: every rejected row, kept with its file, line number, reason and original
// line, so nothing is lost and the summary reconciles. Prompt text inside a rejected line is
// redacted: raw prompts are never stored, even when the row around them is bad: a JSON line's
// prompt field (also when the line is cut off inside it) and a CSV row's prompt cell.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { HydrascopeError } from '../shared/errors.js';

export interface RejectedRow {
  file: string;
  line: number;
  reason: string;
  original: string;
  /** The row's prompt as parsed, when it could be parsed: removed from `original` wherever it appears. */
  prompt?: unknown;
}

// A "prompt" string value, closed or cut off (a truncated line, a preview that stops early).
const PROMPT_IN_JSON = /("prompt"\s*:\s*)"(?:[^"\\]|\\[\s\S])*(?:"|\\?$)/g;
/** Characters of an original line kept in the quarantine; the rest is dropped and counted. */
export const MAX_ORIGINAL_CHARS = 65_536;

/** Removes prompt text from a rejected line, parsed or not, and bounds its length. */
export function redactOriginal(original: string, prompt?: unknown): string {
  let redacted = original;
  if (typeof prompt === 'string' && prompt !== '') {
    // A CSV cell holds the text as is, or quoted with its quotes doubled.
    const placeholder = `[redacted prompt: ${prompt.length} characters]`;
    for (const form of [prompt.replace(/"/g, '""'), prompt]) redacted = redacted.split(form).join(placeholder);
  }
  try {
    const value = JSON.parse(original) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value) && 'prompt' in value) {
      const parsed = (value as Record<string, unknown>)['prompt'];
      (value as Record<string, unknown>)['prompt'] = typeof parsed === 'string' ? `[redacted prompt: ${parsed.length} characters]` : '[redacted prompt]';
      redacted = JSON.stringify(value);
    }
  } catch {
    // Not JSON (a cut-off line, or CSV): remove whatever follows a "prompt" key.
    redacted = redacted.replace(PROMPT_IN_JSON, '$1"[redacted prompt]"');
  }
  return redacted.length > MAX_ORIGINAL_CHARS ? `${redacted.slice(0, MAX_ORIGINAL_CHARS)}…[truncated ${redacted.length - MAX_ORIGINAL_CHARS} characters]` : redacted;
}

export class QuarantineFile {
  count = 0;
  /** Writing failed (disk full, folder gone): the load cannot account for its rows. */
  private failure: HydrascopeError | undefined;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    // A write error must not become an unhandled 'error' event (that ends the process).
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??= new HydrascopeError('write-failed', `cannot write the quarantine file ${path}: ${error.code ?? error.message}`);
    });
  }

  /** Creates (truncates) the file; rejects with a write-failed HydrascopeError when it cannot be written. */
  static async open(path: string): Promise<QuarantineFile> {
    const stream = createWriteStream(path, { flags: 'w' });
    const file = new QuarantineFile(path, stream);
    try {
      await once(stream, 'open');
    } catch {
      // once() rejects on the 'error' event, which the constructor's listener has recorded.
    }
    if (file.failure) throw file.failure;
    return file;
  }

  async write(row: RejectedRow): Promise<void> {
    if (this.failure) throw this.failure;
    this.count += 1;
    const line = `${JSON.stringify({ file: row.file, line: row.line, reason: row.reason, original: redactOriginal(row.original, row.prompt) })}\n`;
    if (!this.stream.write(line)) {
      try {
        await once(this.stream, 'drain');
      } catch {
        // Rejected by an 'error' event, recorded by the constructor's listener.
      }
    }
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    if (!this.failure && !this.stream.writableEnded) await new Promise<void>((resolvePromise) => this.stream.end(() => resolvePromise()));
    this.stream.destroy();
    if (this.failure) throw this.failure;
  }
}

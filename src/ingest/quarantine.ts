// The quarantine file: every rejected row, kept with its file, line number, reason and original
// line, so nothing is lost and the summary reconciles. Prompt text inside a rejected line is
// redacted: raw prompts are never stored, even when the row around them is bad.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export interface RejectedRow {
  file: string;
  line: number;
  reason: string;
  original: string;
}

const PROMPT_IN_JSON = /("prompt"\s*:\s*)"(?:[^"\\]|\\.)*"/g;
const MAX_ORIGINAL_CHARS = 65_536;

/** Removes prompt text from a rejected line, parsed or not, and bounds its length. */
export function redactOriginal(original: string): string {
  let redacted = original;
  try {
    const value = JSON.parse(original) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value) && 'prompt' in value) {
      const prompt = (value as Record<string, unknown>)['prompt'];
      (value as Record<string, unknown>)['prompt'] = typeof prompt === 'string' ? `[redacted prompt: ${prompt.length} characters]` : '[redacted prompt]';
      redacted = JSON.stringify(value);
    }
  } catch {
    redacted = original.replace(PROMPT_IN_JSON, '$1"[redacted prompt]"');
  }
  return redacted.length > MAX_ORIGINAL_CHARS ? `${redacted.slice(0, MAX_ORIGINAL_CHARS)}…[truncated ${redacted.length - MAX_ORIGINAL_CHARS} characters]` : redacted;
}

export class QuarantineFile {
  private readonly stream: WriteStream;
  count = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'w' });
  }

  async write(row: RejectedRow): Promise<void> {
    this.count += 1;
    const line = `${JSON.stringify({ file: row.file, line: row.line, reason: row.reason, original: redactOriginal(row.original) })}\n`;
    if (!this.stream.write(line)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolvePromise, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolvePromise())));
  }
}

// Opaque pagination cursors: base64url JSON of the last row's sort key and id. Clients pass them
// back unchanged; a cursor that does not decode, or was made for another sort, is a 400.
import { z } from 'zod';
import { invalidParameters } from './problem.js';

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>, parameter = 'cursor'): T | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidParameters([{ name: parameter, in: 'query', reason: 'not a cursor returned by this API' }]);
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw invalidParameters([{ name: parameter, in: 'query', reason: 'not a cursor returned by this API' }]);
  return parsed.data;
}

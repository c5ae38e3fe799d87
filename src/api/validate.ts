// Request validation with the schemas of schemas.ts: the same objects describe the parameters in
// the OpenAPI document, so what is documented is what is enforced.
import type { z } from 'zod';
import { problemFromZodError, type InvalidParameter } from './problem.js';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, location: InvalidParameter['in']): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw problemFromZodError(parsed.error, location);
  return parsed.data;
}

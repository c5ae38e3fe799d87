// Sends a JSON body described by a response schema. Outside production the body is checked
// against the schema first, so a drift between code and the OpenAPI document fails loudly in
// development and tests instead of reaching a dashboard.
import type { Response } from 'express';
import type { z } from 'zod';

export class ResponseSchemaError extends Error {
  override name = 'ResponseSchemaError';
}

export function sendJson<S extends z.ZodType>(response: Response, schema: S, body: z.input<S>, status = 200): void {
  if (response.app.get('validateResponses') === true) {
    const checked = schema.safeParse(body);
    if (!checked.success) {
      throw new ResponseSchemaError(`response does not match its schema: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    }
  }
  response.status(status).json(body);
}

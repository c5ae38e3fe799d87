// Sends a JSON body described by a response schema. Outside production the body is checked
// against the schema first, so a drift between code and the OpenAPI document fails loudly in
// development and tests instead of reaching a dashboard. Cached answers are prepared once
// (checked, serialized, tagged) and then sent as bytes with their ETag, so a dashboard polling
// an unchanged result gets 304 Not Modified.
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { z } from 'zod';
import type { Sized } from './result-cache.js';

export class ResponseSchemaError extends Error {
  override name = 'ResponseSchemaError';
}

function checkBody<S extends z.ZodType>(response: Response, schema: S, body: z.input<S>): void {
  if (response.app.get('validateResponses') !== true) return;
  const checked = schema.safeParse(body);
  if (!checked.success) {
    throw new ResponseSchemaError(`response does not match its schema: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
}

export function sendJson<S extends z.ZodType>(response: Response, schema: S, body: z.input<S>, status = 200): void {
  checkBody(response, schema, body);
  response.status(status).json(body);
}

export interface PreparedJson extends Sized {
  readonly body: Buffer;
  readonly etag: string;
}

/** Checks and serializes a 200 body once, for sending many times. */
export function prepareJson<S extends z.ZodType>(response: Response, schema: S, body: z.input<S>): PreparedJson {
  checkBody(response, schema, body);
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  // The same form as express's own weak ETags.
  const etag = `W/"${bytes.length.toString(16)}-${createHash('sha1').update(bytes).digest('base64').slice(0, 27)}"`;
  return { body: bytes, etag, bytes: bytes.length + 128 };
}

export function sendPrepared(response: Response, prepared: PreparedJson): void {
  // With the ETag set, express answers a matching If-None-Match with 304 instead of hashing the body again.
  response.status(200).set('ETag', prepared.etag).type('application/json; charset=utf-8').send(prepared.body);
}

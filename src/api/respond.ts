// Sends a JSON body described by a response schema. Outside production the body is checked
// against the schema first, so a drift between code and the OpenAPI document fails loudly in
// development and tests instead of reaching a dashboard. Cached answers are prepared once
// (checked, serialized, compressed when large, tagged) and then sent as bytes with their ETag, so
// a dashboard polling an unchanged result gets 304 Not Modified, and a campaign graph of a
// megabyte travels as a twentieth of that (brotli) or a thirteenth (gzip).
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { HydrascopeError } from '../shared/errors.js';
import type { Sized } from './result-cache.js';

function checkBody<S extends z.ZodType>(response: Response, schema: S, body: z.input<S>): void {
  if (response.app.get('validateResponses') !== true) return;
  const checked = schema.safeParse(body);
  if (!checked.success) {
    throw new HydrascopeError('internal', `response does not match its schema: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
}

export function sendJson<S extends z.ZodType>(response: Response, schema: S, body: z.input<S>, status = 200): void {
  checkBody(response, schema, body);
  response.status(status).json(body);
}

type Encoding = 'br' | 'gzip';

export interface PreparedJson extends Sized {
  readonly body: Buffer;
  readonly etag: string;
  /** The same body compressed, for bodies worth compressing. */
  readonly encoded: Readonly<Partial<Record<Encoding, { readonly body: Buffer; readonly etag: string }>>>;
}

/** Below this, compression saves less than it costs the client. */
const COMPRESS_FROM_BYTES = 1024;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

// The same form as express's own weak ETags.
const etagOf = (bytes: Buffer, suffix = '') => `W/"${bytes.length.toString(16)}-${createHash('sha1').update(bytes).digest('base64').slice(0, 27)}${suffix}"`;

/** Checks, serializes and compresses a 200 body once, for sending many times. Compression runs off the event loop. */
export async function prepareJson<S extends z.ZodType>(response: Response, schema: S, body: z.input<S>): Promise<PreparedJson> {
  checkBody(response, schema, body);
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const etag = etagOf(bytes);
  if (bytes.length < COMPRESS_FROM_BYTES) return { body: bytes, etag, encoded: {}, bytes: bytes.length + 256 };
  // Brotli's quality 8 is a fraction of a second for a megabyte graph; huge bodies take a faster setting.
  const quality = bytes.length <= 4 * 1024 * 1024 ? 8 : 4;
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(bytes),
    brotliAsync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  ]);
  // Each encoding its own validator: a cache must not answer a gzip request with another body.
  const encoded = { gzip: { body: gzipped, etag: etagOf(bytes, '-gzip') }, br: { body: brotli, etag: etagOf(bytes, '-br') } };
  return { body: bytes, etag, encoded, bytes: bytes.length + gzipped.length + brotli.length + 256 };
}

export function sendPrepared(request: Request, response: Response, prepared: PreparedJson): void {
  let encoding: Encoding | undefined;
  if (prepared.encoded.br || prepared.encoded.gzip) {
    response.vary('Accept-Encoding');
    const chosen = request.acceptsEncodings('br', 'gzip', 'identity');
    encoding = chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
  }
  const variant = encoding ? prepared.encoded[encoding] : undefined;
  if (encoding && variant) response.set('Content-Encoding', encoding);
  // With the ETag set, express answers a matching If-None-Match with 304 instead of hashing the body again.
  response
    .status(200)
    .set('ETag', variant?.etag ?? prepared.etag)
    .type('application/json; charset=utf-8')
    .send(variant?.body ?? prepared.body);
}

// Request ids and the access log. Every response carries X-Request-Id (a caller's plain-token id
// is kept, so ids follow a request across services); every finished request is logged once
// (info, warn for 4xx, error for 5xx) with its id, method, URL, status, time and API key name,
// never headers or bodies. request.log, a logger bound to the request, is created on first use:
// only error paths need it, and a child logger per request cost more than a cached answer.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../shared/logger.js';

declare module 'express-serve-static-core' {
  interface Request {
    id?: string;
    log: Logger;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

const summary = (request: Request) => ({ id: request.id, method: request.method, url: request.originalUrl, remoteAddress: request.socket.remoteAddress });

export function accessLog(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const started = performance.now();
    const incoming = request.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    request.id = id;
    response.setHeader('X-Request-Id', id);
    let bound: Logger | undefined;
    Object.defineProperty(request, 'log', { configurable: true, enumerable: false, get: () => (bound ??= logger.child({ req: summary(request) })) });

    let logged = false;
    const done = (response: Response) => {
      if (logged) return;
      logged = true;
      const status = response.statusCode;
      // A response closed before it finished (the client went away) is worth a warning, not an error.
      const level = status >= 500 ? 'error' : status >= 400 || !response.writableFinished ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = { req: summary(request), res: { statusCode: status }, responseTime: Math.round(performance.now() - started), apiKeyName: request.caller?.name };
      logger[level](line, response.writableFinished ? 'request completed' : 'request aborted');
    };
    response.once('finish', () => done(response));
    response.once('close', () => done(response));
    next();
  };
}

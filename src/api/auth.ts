// API keys: each key has a name (for logs, rate limits and the verdicts it records) and a role:
// `viewer` reads, `analyst` also records verdicts, `admin` may do everything (also start
// refreshes). Keys come from
// HYDRASCOPE_API_KEYS (`name:role:key,...`) or HYDRASCOPE_API_KEYS_FILE (JSON or text). Only
// SHA-256 hashes are kept in memory; a presented key is hashed and compared with every
// configured hash in constant time, so neither timing nor logs reveal a key.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { HydrascopeConfig } from '../config/config.js';
import { HydrascopeError } from '../shared/errors.js';
import { ProblemError } from './problem.js';

export const API_ROLES = ['viewer', 'analyst', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** Each role may do what the roles before it may. */
const ROLE_RANK: Record<ApiRole, number> = { viewer: 0, analyst: 1, admin: 2 };
const isRole = (value: string | undefined): value is ApiRole => value !== undefined && (API_ROLES as readonly string[]).includes(value);

export interface ApiKey {
  name: string;
  role: ApiRole;
  /** SHA-256 of the key, never the key itself. */
  hash: Buffer;
}

export interface Caller {
  name: string;
  role: ApiRole;
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

const MIN_KEY_LENGTH = 16;
const HASH_PREFIX = 'sha256:';

export const hashKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** A fresh random key (32 bytes, base64url) for the development default. */
export const generateApiKey = (): string => `hs_${randomBytes(32).toString('base64url')}`;

const fileEntry = z.union([
  z.strictObject({ name: z.string().min(1), role: z.enum(API_ROLES), key: z.string().min(MIN_KEY_LENGTH) }),
  z.strictObject({ name: z.string().min(1), role: z.enum(API_ROLES), sha256: z.string().regex(/^[0-9a-f]{64}$/i) }),
]);

/** The placeholders of .env.example begin so; production refuses to run with one. */
const PLACEHOLDER_PREFIX = 'change-me';

function refusePlaceholder(secret: string, name: string, source: string, mode: HydrascopeConfig['mode']): void {
  if (mode === 'production' && secret.toLowerCase().startsWith(PLACEHOLDER_PREFIX)) {
    throw new HydrascopeError(
      'bad-input',
      `invalid API key entry in ${source}: the key of "${name}" is still the example placeholder (${PLACEHOLDER_PREFIX}…); set a random key, e.g. \`openssl rand -base64 32\``,
    );
  }
}

/** `name:role:key`, where key may be `sha256:<hex>` so a file or variable need not hold the key. */
function parseEntry(entry: string, source: string, mode: HydrascopeConfig['mode']): ApiKey {
  const [name, role, ...rest] = entry.split(':');
  const secret = rest.join(':');
  if (!name || !isRole(role) || secret === '') {
    throw new HydrascopeError('bad-input', `invalid API key entry in ${source}: expected name:role:key with role viewer, analyst or admin (entry for "${name ?? ''}")`);
  }
  if (secret.startsWith(HASH_PREFIX)) {
    const hex = secret.slice(HASH_PREFIX.length);
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new HydrascopeError('bad-input', `invalid API key entry in ${source}: "${name}" has a sha256: value that is not 64 hex digits`);
    return { name, role, hash: Buffer.from(hex, 'hex') };
  }
  if (secret.length < MIN_KEY_LENGTH) throw new HydrascopeError('bad-input', `invalid API key entry in ${source}: the key of "${name}" is shorter than ${MIN_KEY_LENGTH} characters`);
  refusePlaceholder(secret, name, source, mode);
  return { name, role, hash: hashKey(secret) };
}

function parseKeyFile(path: string, mode: HydrascopeConfig['mode']): ApiKey[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new HydrascopeError('bad-input', `HYDRASCOPE_API_KEYS_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let entries: unknown;
    try {
      entries = JSON.parse(trimmed);
    } catch {
      throw new HydrascopeError('bad-input', `HYDRASCOPE_API_KEYS_FILE: ${path} is not valid JSON`);
    }
    const parsed = z.array(fileEntry).safeParse(entries);
    if (!parsed.success)
      throw new HydrascopeError('bad-input', `HYDRASCOPE_API_KEYS_FILE: ${path} must be a list of {name, role, key} or {name, role, sha256} (${parsed.error.issues[0]?.message ?? ''})`);
    return parsed.data.map((entry) => {
      if ('key' in entry) refusePlaceholder(entry.key, entry.name, 'HYDRASCOPE_API_KEYS_FILE', mode);
      return { name: entry.name, role: entry.role, hash: 'key' in entry ? hashKey(entry.key) : Buffer.from(entry.sha256, 'hex') };
    });
  }
  return trimmed
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => parseEntry(line, 'HYDRASCOPE_API_KEYS_FILE', mode));
}

/** Every configured key, from the variable and the file; names must be unique. */
export function loadApiKeys(config: HydrascopeConfig): ApiKey[] {
  const keys: ApiKey[] = [];
  if (config.api.keys) {
    for (const entry of config.api.keys
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean))
      keys.push(parseEntry(entry, 'HYDRASCOPE_API_KEYS', config.mode));
  }
  if (config.api.keysFile) keys.push(...parseKeyFile(config.api.keysFile, config.mode));
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.name)) throw new HydrascopeError('bad-input', `API key name "${key.name}" is configured twice`);
    seen.add(key.name);
  }
  return keys;
}

/** The key a request presents: `X-API-Key: <key>` or `Authorization: Bearer <key>`. */
function presentedKey(request: Request): string | undefined {
  const header = request.get('x-api-key');
  if (header) return header.trim();
  const authorization = request.get('authorization');
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return match?.[1];
}

/** Compares against every key (no early exit) so the time taken does not depend on which matched. */
export function findKey(keys: readonly ApiKey[], key: string): ApiKey | undefined {
  const hash = hashKey(key);
  let found: ApiKey | undefined;
  for (const candidate of keys) {
    if (timingSafeEqual(candidate.hash, hash) && found === undefined) found = candidate;
  }
  return found;
}

const unauthorized = () =>
  new ProblemError(
    'unauthorized',
    'unauthorized',
    'Unauthorized',
    'send a valid API key in the X-API-Key header or as Authorization: Bearer <key>',
    {},
    { 'WWW-Authenticate': 'Bearer realm="hydrascope"' },
  );

/** Names the caller when the request carries a valid key; refusing is left to requireCaller. */
export function identifyCaller(keys: readonly ApiKey[]): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const key = presentedKey(request);
    const match = key === undefined ? undefined : findKey(keys, key);
    if (match) request.caller = { name: match.name, role: match.role };
    next();
  };
}

/** 401 for a request identifyCaller could not name. */
export function requireCaller(): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => next(request.caller ? undefined : unauthorized());
}

/** Whether a key of role `held` may do what needs role `needed`. */
export const roleAllows = (held: ApiRole, needed: ApiRole): boolean => ROLE_RANK[held] >= ROLE_RANK[needed];

/** 403 unless the caller's role is `role` or above it (viewer < analyst < admin). */
export function requireRole(role: ApiRole): RequestHandler {
  const needs = role === 'admin' ? 'the admin role' : `the ${role} or admin role`;
  return (request: Request, _response: Response, next: NextFunction) => {
    if (!request.caller) return next(unauthorized());
    if (!roleAllows(request.caller.role, role)) return next(new ProblemError('forbidden', 'forbidden', 'Forbidden', `this operation needs an API key with ${needs}`));
    next();
  };
}

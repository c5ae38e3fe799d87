// Serves the campaign explorer page (the Vite bundle in dist/web, built by `npm run build`) at /
// and its run-time settings at /explorer-config.json. The page talks to the public API with the
// user's key, so these files need none. Its own Content-Security-Policy replaces helmet's:
// everything from this origin only (the bundle has no CDN and no inline script), and no
// upgrade-insecure-requests, which would break the page on a plain-HTTP LAN address.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import type { HydrascopeConfig } from '../config/config.js';
import { HydrascopeError } from '../shared/errors.js';
import { PROJECT_ROOT } from '../shared/project-paths.js';
import { ProblemError } from './problem.js';

export const EXPLORER_DIR = join(PROJECT_ROOT, 'dist', 'web');

export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface ExplorerConfig {
  /** Neo4j Browser, for the page's "open in Neo4j Browser" links. */
  browserUrl: string;
}

/**
 * HYDRASCOPE_BROWSER_URL, else the local Neo4j's Browser on its configured HTTP port, with its
 * connection form filled in for the local server (`?dbms=bolt://neo4j@127.0.0.1:<Bolt port>`).
 */
export function explorerConfig(config: HydrascopeConfig, environment: NodeJS.ProcessEnv = process.env): ExplorerConfig {
  const configured = environment['HYDRASCOPE_BROWSER_URL']?.trim();
  if (!configured) {
    const local = `http://127.0.0.1:${config.localNeo4j.httpPort}/browser/`;
    return { browserUrl: config.externalNeo4j ? local : `${local}?dbms=bolt://neo4j@127.0.0.1:${config.localNeo4j.boltPort}` };
  }
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new HydrascopeError('bad-input', `invalid configuration: HYDRASCOPE_BROWSER_URL: not a URL (${configured})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HydrascopeError('bad-input', 'invalid configuration: HYDRASCOPE_BROWSER_URL: must be an http(s) URL');
  return { browserUrl: url.href };
}

export function explorerSite(config: HydrascopeConfig, options: { directory?: string; environment?: NodeJS.ProcessEnv } = {}): Router {
  const directory = options.directory ?? EXPLORER_DIR;
  const settings = explorerConfig(config, options.environment);
  const router = Router();
  router.use((request, response, next) => {
    if (request.path === '/' || request.path === '/index.html' || request.path === '/explorer-config.json' || request.path.startsWith('/assets/')) {
      response.setHeader('Content-Security-Policy', EXPLORER_CSP);
    }
    next();
  });
  router.get('/explorer-config.json', (_request, response) => {
    response.set('Cache-Control', 'no-store').json(settings);
  });
  router.get(['/', '/index.html'], (_request, _response, next) => {
    // Checked per request, so a build made while the server runs is picked up.
    if (!existsSync(join(directory, 'index.html'))) {
      throw new ProblemError('not-found', 'explorer-not-built', 'Explorer page not built', `no ${join(directory, 'index.html')}: run \`npm run build\` (it bundles web/ with Vite), then reload`);
    }
    next();
  });
  // Hashed asset names never change content: cache them; index.html is always revalidated.
  router.use(
    express.static(directory, {
      index: 'index.html',
      fallthrough: true,
      setHeaders: (response, path) => response.setHeader('Cache-Control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
    }),
  );
  return router;
}

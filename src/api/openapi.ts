// The OpenAPI 3.1 document, generated from the route table (route-table.ts) and the zod schemas
// the routes validate with (schemas.ts), plus a small self-contained HTML page listing it for
// people (no CDN, no script).
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ROUTES } from './route-table.js';

export function buildOpenApiDocument(serverUrl = '/'): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'ApiKeyHeader', { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key (role viewer, analyst or admin)' });
  registry.registerComponent('securitySchemes', 'BearerKey', { type: 'http', scheme: 'bearer', description: 'the same API key as a bearer token' });

  for (const route of Object.values(ROUTES)) registry.registerPath(route);

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'hydrascope API',
      version: '1.0.0',
      description:
        'Read suspected distillation campaigns, the operations grouping them, their explanation, subgraph and members, accounts and refresh history; record analysts’ verdicts and read the alerts feed; start refreshes. Roles: viewer reads, analyst also records verdicts, admin may do everything. Errors are RFC 9457 problem details (application/problem+json).',
    },
    servers: [{ url: serverUrl }],
    tags: [{ name: 'campaigns' }, { name: 'accounts' }, { name: 'verdicts' }, { name: 'runs' }, { name: 'operations' }],
  }) as unknown as Record<string, unknown>;
}

/**
 * The methods each documented path answers (HEAD wherever GET is, as Express serves it), so a
 * request with another method on a known path gets 405 with an Allow header instead of a 404.
 */
export function documentedMethods(document: Record<string, unknown>): (path: string) => string[] | undefined {
  const entries = Object.entries(document['paths'] as Record<string, Record<string, unknown>>).map(([path, operations]) => {
    const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
    const methods = Object.keys(operations).map((method) => method.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    return { pattern, methods: methods.sort() };
  });
  return (path) => entries.find((entry) => entry.pattern.test(path))?.methods;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

interface OperationLike {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Record<string, unknown> }>;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: unknown[];
}

function schemaSummary(schema: Record<string, unknown> | undefined): string {
  if (!schema) return '';
  const parts = [String(schema['type'] ?? (schema['enum'] ? 'enum' : ''))];
  if (Array.isArray(schema['enum'])) parts.push(`(${(schema['enum'] as unknown[]).join(' | ')})`);
  if (schema['default'] !== undefined) parts.push(`default ${JSON.stringify(schema['default'])}`);
  if (schema['minimum'] !== undefined || schema['maximum'] !== undefined) parts.push(`${String(schema['minimum'] ?? '')}..${String(schema['maximum'] ?? '')}`);
  return parts.filter(Boolean).join(' ');
}

/** A plain HTML rendering of the document: paths, parameters, responses and component schemas. */
export function renderDocsPage(document: Record<string, unknown>): string {
  const paths = document['paths'] as Record<string, Record<string, OperationLike>>;
  const components = (document['components'] as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  const sections: string[] = [];
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = (operation.parameters ?? [])
        .map(
          (parameter) =>
            `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${parameter.in}</td><td>${parameter.required ? 'yes' : ''}</td><td>${escapeHtml(schemaSummary(parameter.schema))}</td><td>${escapeHtml(parameter.description ?? '')}</td></tr>`,
        )
        .join('');
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => {
          const types = Object.entries(response.content ?? {})
            .map(
              ([type, media]) =>
                `${escapeHtml(type)}${media.schema?.$ref ? ` → <a href="#${escapeHtml(media.schema.$ref.split('/').pop() ?? '')}">${escapeHtml(media.schema.$ref.split('/').pop() ?? '')}</a>` : ''}`,
            )
            .join(', ');
          return `<li><b>${status}</b> ${escapeHtml(response.description ?? '')}${types ? ` — ${types}` : ''}</li>`;
        })
        .join('');
      sections.push(
        `<section><h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${operation.security ? ' <small>(API key)</small>' : ''}</h3><p>${escapeHtml(operation.summary ?? '')}</p>` +
          (parameters ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr>${parameters}</table>` : '') +
          `<ul>${responses}</ul></section>`,
      );
    }
  }
  const schemaBlocks = Object.entries(components)
    .map(([name, schema]) => `<section id="${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`)
    .join('');
  const info = document['info'] as { title: string; version: string; description?: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}code,pre{font-family:ui-monospace,monospace}pre{background:#f6f6f6;padding:.8em;overflow:auto}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}.method{background:#333;color:#fff;padding:0 .4em;border-radius:3px}section{border-bottom:1px solid #eee;padding-bottom:.5em}</style></head>
<body><h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1><p>${escapeHtml(info.description ?? '')}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Authenticate with <code>X-API-Key: &lt;key&gt;</code> or <code>Authorization: Bearer &lt;key&gt;</code>.</p>
<h2>Operations</h2>${sections.join('\n')}<h2>Schemas</h2>${schemaBlocks}</body></html>`;
}

// Prometheus metrics of one app instance, in its own registry (not prom-client's global one) so
// tests can build several apps side by side. Requests are labelled by their route's path in the
// route table, never by the raw URL, to keep the label set bounded.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricLabel, ROUTES } from './route-table.js';

const LABELS: Array<[RegExp, string]> = [...new Set(Object.values(ROUTES).map(metricLabel))].map((label) => [new RegExp(`^${label.replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+')}/?$`), label]);

/** The metric label of a request path: its route's path, or `unmatched`. */
export const routeLabel = (path: string): string => LABELS.find(([pattern]) => pattern.test(path))?.[1] ?? 'unmatched';

export interface ApiMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  refreshDuration: Histogram<'status'>;
  neo4jErrors: Counter<'kind'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'hydrascope_' });
  return {
    registry,
    httpRequests: new Counter({ name: 'hydrascope_http_requests_total', help: 'HTTP requests by route pattern, method and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'hydrascope_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    refreshDuration: new Histogram({
      name: 'hydrascope_refresh_duration_seconds',
      help: 'Duration of refreshes started by this API process, by outcome',
      labelNames: ['status'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200],
      registers: [registry],
    }),
    neo4jErrors: new Counter({ name: 'hydrascope_neo4j_errors_total', help: 'Neo4j errors met while answering requests, by kind', labelNames: ['kind'], registers: [registry] }),
  };
}

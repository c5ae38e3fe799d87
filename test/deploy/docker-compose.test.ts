// Docker cannot run here, so the compose file is checked as data: it parses and wires the
// services a user expects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

  it('runs Neo4j 5.26 Community with a volume, a health check and the password from the env file', () => {
    const neo4j = compose.services['neo4j'];
    expect(neo4j?.image).toBe('neo4j:5.26-community');
    expect(neo4j?.volumes).toContain('neo4j-data:/data');
    expect(neo4j?.healthcheck?.test.join(' ')).toContain('7474');
    expect(neo4j?.environment?.['NEO4J_AUTH']).toContain('${NEO4J_PASSWORD');
    expect(Object.keys(compose.volumes)).toContain('neo4j-data');
  });

  it('loads Graph Data Science into Neo4j for the gds refresh engine', () => {
    const environment = compose.services['neo4j']?.environment ?? {};
    expect(JSON.parse(environment['NEO4J_PLUGINS'] ?? '[]')).toContain('graph-data-science');
    expect(environment['NEO4J_dbms_security_procedures_unrestricted']).toBe('gds.*');
  });

  it('runs the API and a scheduled refresh against that Neo4j once it is healthy', () => {
    for (const name of ['api', 'refresh-scheduler']) {
      const service = compose.services[name];
      expect(service?.environment?.['NEO4J_URI']).toBe('bolt://neo4j:7687');
      expect(service?.depends_on?.['neo4j']?.condition).toBe('service_healthy');
    }
    expect(compose.services['api']?.command).toEqual(['serve']);
    expect(compose.services['refresh-scheduler']?.command?.slice(0, 2)).toEqual(['schedule', '--cron']);
  });
});

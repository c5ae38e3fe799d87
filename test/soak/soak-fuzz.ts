// API contract fuzzing against the running API, from its served OpenAPI document:
// - schemathesis (pinned, installed from PyPI into a virtualenv under the state folder) generates
//   valid and invalid requests for every operation, with real campaign, account and run ids in
//   its dictionaries so it gets past 404s, and checks each answer: no server error, a documented
//   status, content type and headers, a body matching the response schema, 405 for undeclared
//   methods;
// - contract probes send what generated cases rarely do (unknown query parameters, undeclared
//   methods, no key, bodies the server cannot read) and check the answer is documented.
// 503 (Neo4j unavailable) is documented and allowed; Neo4j is up here, so none is expected.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SoakTargets } from './soak-load.js';

export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * The checks schemathesis runs. Left out: positive_data_acceptance (a cursor is any token by
 * schema but only one this API issued is accepted, so it reports every made-up cursor),
 * negative_data_rejection and the authorization checks (the fixed admin key is on every call).
 */
export const SCHEMATHESIS_CHECKS = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance', 'content_type_conformance', 'response_headers_conformance', 'unsupported_method'];

export interface SchemathesisFailure {
  operation: string;
  check: string;
  responseStatus: number | null;
  caseId: string;
  message: string;
}

export interface SchemathesisResult {
  version: string;
  seed: number;
  maxSeconds: number;
  seconds: number;
  checks: string[];
  exitCode: number | null;
  testCases: number;
  operationsTested: number;
  /** Responses per status code and operation. */
  statusCodes: Record<string, Record<string, number>>;
  failures: SchemathesisFailure[];
  /** not_a_server_error failures that were 503 (documented: Neo4j unavailable). */
  allowedUnavailable: number;
  reportDirectory: string;
  error?: string;
}

export interface ProbeResult {
  operation: string;
  probe: string;
  status: number;
  passed: boolean;
  reason: string | null;
}

export interface FuzzResult {
  schemathesis: SchemathesisResult | { unavailable: string };
  probes: { total: number; failed: number; failures: ProbeResult[]; statusCodes: Record<string, number> };
}

// ---- schemathesis -------------------------------------------------------------------------------

function run(command: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}) {
  return spawnSync(command, args, { encoding: 'utf8', cwd: options.cwd, timeout: options.timeoutMs ?? 600_000, maxBuffer: 64 << 20 });
}

/**
 * Runs a long command without blocking this process's event loop: a blocked loop cannot notice
 * the API closing idle keep-alive sockets, and the next fetch would fail on a dead one.
 */
function runAsync(command: string, args: string[], options: { cwd: string; timeoutMs: number }): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, output: `${output}\n${error.message}` });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** The `st` command of the pinned schemathesis, installing it into <stateDir>/schemathesis-venv when missing. */
export function ensureSchemathesis(stateDir: string, log: (message: string) => void): string {
  const venv = join(stateDir, 'schemathesis-venv');
  const st = join(venv, 'bin', 'st');
  const installed = existsSync(st) ? run(st, ['--version']).stdout : '';
  if (installed.includes(SCHEMATHESIS_VERSION)) return st;
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv} (python3 -m venv, pip)`);
  const created = run('python3', ['-m', 'venv', venv]);
  if (created.status !== 0) throw new Error(`python3 -m venv failed: ${(created.stderr || created.error?.message || '').trim().split('\n').pop()}`);
  const pip = run(join(venv, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], { timeoutMs: 900_000 });
  if (pip.status !== 0) throw new Error(`pip install schemathesis==${SCHEMATHESIS_VERSION} failed: ${(pip.stderr || pip.error?.message || '').trim().split('\n').slice(-2).join(' ')}`);
  return st;
}

const tomlString = (value: string) => JSON.stringify(value);
const tomlList = (values: readonly string[]) => `[${values.map(tomlString).join(', ')}]`;

/** Real ids for the path parameters (half the time), so generated cases reach past the 404. */
function schemathesisConfig(targets: SoakTargets & { runIds: string[] }): string {
  const dictionaries: Array<[string, string[], string]> = [
    ['campaign-ids', targets.campaignIds, 'include-operation-id-regex = "^(getCampaign|getCampaignGraph|listCampaignAccounts)$"'],
    ['account-ids', targets.accountIds.slice(0, 200), 'include-operation-id = "getAccount"'],
    ['run-ids', targets.runIds, 'include-operation-id = "getRun"'],
  ];
  const lines = ['# Generated by test/soak/soak-fuzz.ts for one run.'];
  for (const [name, values] of dictionaries) if (values.length > 0) lines.push(`[dictionaries.${name}]`, `values = ${tomlList(values)}`, '');
  for (const [name, values, filter] of dictionaries) {
    if (values.length > 0) lines.push('[[operations]]', filter, `parameters = { "path.id" = { dictionary = ${tomlString(name)}, probability = 0.5 } }`, '');
  }
  return `${lines.join('\n')}\n`;
}

interface Recorder {
  label: string;
  checks?: Record<string, Array<{ name: string; status: string; failure_info?: { failure?: { title?: string; message?: string } } }>>;
  interactions?: Record<string, { response?: { status_code?: number } | null }>;
}

/** Failures and status codes from the NDJSON event stream (the JSON report only has totals). */
function readEvents(path: string): { failures: SchemathesisFailure[]; statusCodes: Record<string, Record<string, number>> } {
  const failures = new Map<string, SchemathesisFailure>();
  const statusCodes: Record<string, Record<string, number>> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const recorder = (JSON.parse(line) as { ScenarioFinished: { recorder: Recorder } }).ScenarioFinished.recorder;
    for (const interaction of Object.values(recorder.interactions ?? {})) {
      const status = String(interaction.response?.status_code ?? 'no response');
      const codes = (statusCodes[recorder.label] ??= {});
      codes[status] = (codes[status] ?? 0) + 1;
    }
    for (const [caseId, checks] of Object.entries(recorder.checks ?? {})) {
      for (const check of checks) {
        if (check.status !== 'failure') continue;
        const responseStatus = recorder.interactions?.[caseId]?.response?.status_code ?? null;
        const failure = check.failure_info?.failure;
        const message = [failure?.title, failure?.message].filter(Boolean).join(': ').slice(0, 500);
        // One entry per operation, check and status: shrinking repeats the same failure many times.
        const key = `${recorder.label}|${check.name}|${responseStatus}`;
        if (!failures.has(key)) failures.set(key, { operation: recorder.label, check: check.name, responseStatus, caseId, message });
      }
    }
  }
  return { failures: [...failures.values()], statusCodes };
}

export async function runSchemathesis(options: {
  st: string;
  url: string;
  key: string;
  stateDir: string;
  seconds: number;
  seed: number;
  workers: number;
  targets: SoakTargets & { runIds: string[] };
}): Promise<SchemathesisResult> {
  const directory = join(options.stateDir, 'soak', 'fuzz');
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const configFile = join(directory, 'schemathesis.toml');
  await writeFile(configFile, schemathesisConfig(options.targets));
  const started = performance.now();
  const args = [
    '--config-file',
    configFile,
    'run',
    `${options.url}/openapi.json`,
    '--header',
    `X-API-Key: ${options.key}`,
    '--checks',
    SCHEMATHESIS_CHECKS.join(','),
    '--max-time',
    String(options.seconds),
    '--seed',
    String(options.seed),
    '--workers',
    String(options.workers),
    '--request-timeout',
    '30',
    '--generation-database',
    'none',
    '--report',
    'json,ndjson,junit',
    '--report-dir',
    directory,
    '--no-color',
  ];
  // The run stops at --max-time; the margin covers start-up and the last cases in flight.
  const result = await runAsync(options.st, args, { cwd: directory, timeoutMs: (options.seconds + 300) * 1000 });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const files = readdirSync(directory);
  const jsonReport = files.find((name) => /^json-.*\.json$/.test(name));
  const ndjsonReport = files.find((name) => /^ndjson-.*\.ndjson$/.test(name));
  const base = { version: SCHEMATHESIS_VERSION, seed: options.seed, maxSeconds: options.seconds, seconds, checks: SCHEMATHESIS_CHECKS, exitCode: result.status, reportDirectory: directory };
  if (!jsonReport || !ndjsonReport) {
    const output = result.output.trim().split('\n').slice(-15).join('\n');
    return { ...base, testCases: 0, operationsTested: 0, statusCodes: {}, failures: [], allowedUnavailable: 0, error: `schemathesis wrote no report (exit ${result.status}): ${output}` };
  }
  const report = JSON.parse(readFileSync(join(directory, jsonReport), 'utf8')) as { test_cases: { generated: number }; operations: { tested: number }; errors: unknown[] };
  const events = readEvents(join(directory, ndjsonReport));
  const allowed = (failure: SchemathesisFailure) => failure.check === 'not_a_server_error' && failure.responseStatus === 503;
  return {
    ...base,
    testCases: report.test_cases.generated,
    operationsTested: report.operations.tested,
    statusCodes: events.statusCodes,
    failures: events.failures.filter((failure) => !allowed(failure)),
    allowedUnavailable: events.failures.filter(allowed).length,
    ...(report.errors.length > 0 ? { error: `schemathesis reported ${report.errors.length} errors: ${JSON.stringify(report.errors).slice(0, 500)}` } : {}),
  };
}

// ---- contract probes ----------------------------------------------------------------------------

interface DocumentedResponse {
  content?: Record<string, unknown>;
}
interface DocumentedOperation {
  operationId?: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, DocumentedResponse>;
}

interface Probe {
  name: string;
  method: string;
  path: string;
  key: string | null;
  headers?: Record<string, string>;
  body?: string;
  /** The operation whose documented responses the answer must be among; null for undeclared methods (405). */
  operation: DocumentedOperation | null;
  allow?: string;
}

function concretePath(path: string, targets: SoakTargets & { runIds: string[] }): string {
  const id = path.startsWith('/api/v1/campaigns/') ? targets.campaignIds[0] : path.startsWith('/api/v1/accounts/') ? targets.accountIds[0] : path.startsWith('/api/v1/runs/') ? targets.runIds[0] : 'x';
  return path.replace('{id}', encodeURIComponent(id ?? 'x'));
}

function probesOf(document: Record<string, unknown>, key: string, targets: SoakTargets & { runIds: string[] }): Probe[] {
  const probes: Probe[] = [];
  const paths = document['paths'] as Record<string, Record<string, DocumentedOperation>>;
  for (const [template, operations] of Object.entries(paths)) {
    const path = concretePath(template, targets);
    const methods = Object.keys(operations).map((method) => method.toUpperCase());
    const undeclared = ['PUT', 'DELETE', 'PATCH'].find((method) => !methods.includes(method)) as string;
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].sort().join(', ');
    probes.push({ name: 'undeclared method', method: undeclared, path, key, operation: null, allow });
    for (const [lower, operation] of Object.entries(operations)) {
      const method = lower.toUpperCase();
      const secured = (operation.security?.length ?? 0) > 0;
      const callKey = secured ? key : null;
      const json = { 'Content-Type': 'application/json' };
      const body = operation.requestBody ? '{}' : undefined;
      const label = `${method} ${template}`;
      probes.push({ name: `${label}: unknown query parameter`, method, path: `${path}?soakProbe=1`, key: callKey, operation, ...(body ? { headers: json, body } : {}) });
      if (secured) probes.push({ name: `${label}: no API key`, method, path, key: null, operation });
      if (operation.requestBody) {
        probes.push({ name: `${label}: body over the size limit`, method, path, key: callKey, operation, headers: json, body: `{"seed":1${' '.repeat(16_384)}}` });
        probes.push({ name: `${label}: unsupported charset`, method, path, key: callKey, operation, headers: { 'Content-Type': 'application/json; charset=latin1' }, body: '{}' });
        probes.push({ name: `${label}: malformed JSON`, method, path, key: callKey, operation, headers: json, body: '{"seed":' });
        probes.push({ name: `${label}: a JSON array`, method, path, key: callKey, operation, headers: json, body: '[1,2]' });
        probes.push({ name: `${label}: a wrong type`, method, path, key: callKey, operation, headers: json, body: '{"seed":"one"}' });
      }
    }
  }
  return probes;
}

async function runProbe(url: string, probe: Probe): Promise<ProbeResult> {
  const headers: Record<string, string> = { ...probe.headers };
  if (probe.key !== null) headers['X-API-Key'] = probe.key;
  let response: Response;
  try {
    response = await fetch(`${url}${probe.path}`, { method: probe.method, headers, ...(probe.body === undefined ? {} : { body: probe.body }) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return {
      operation: `${probe.method} ${probe.path.split('?')[0]}`,
      probe: probe.name,
      status: 0,
      passed: false,
      reason: `no answer: ${error instanceof Error ? error.message : String(error)}${cause}`,
    };
  }
  const text = await response.text();
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`server error ${response.status}`);
  if (probe.operation === null) {
    if (response.status !== 405) problems.push(`expected 405, got ${response.status}`);
    if (response.headers.get('allow') !== probe.allow) problems.push(`Allow: expected "${probe.allow}", got "${response.headers.get('allow')}"`);
  } else {
    const documented = probe.operation.responses[String(response.status)];
    if (!documented) problems.push(`status ${response.status} is not documented (documented: ${Object.keys(probe.operation.responses).join(', ')})`);
    else if (documented.content && !documented.content[contentType]) problems.push(`content type ${contentType} is not documented for ${response.status}`);
  }
  if (contentType === 'application/problem+json') {
    const body = JSON.parse(text) as { status?: number; type?: string; title?: string };
    if (body.status !== response.status || typeof body.type !== 'string' || typeof body.title !== 'string') problems.push(`problem body does not match its status: ${text.slice(0, 200)}`);
  }
  return {
    operation: `${probe.method} ${probe.path.split('?')[0]}`,
    probe: probe.name,
    status: response.status,
    passed: problems.length === 0,
    reason: problems.length === 0 ? null : problems.join('; '),
  };
}

export async function runContractProbes(url: string, key: string, targets: SoakTargets & { runIds: string[] }): Promise<FuzzResult['probes']> {
  const document = (await (await fetch(`${url}/openapi.json`)).json()) as Record<string, unknown>;
  const results: ProbeResult[] = [];
  for (const probe of probesOf(document, key, targets)) results.push(await runProbe(url, probe));
  const statusCodes: Record<string, number> = {};
  for (const result of results) statusCodes[result.status] = (statusCodes[result.status] ?? 0) + 1;
  const failures = results.filter((result) => !result.passed);
  return { total: results.length, failed: failures.length, failures, statusCodes };
}

#!/usr/bin/env node
// `npm run audit`: the dependency audit for CI. Runs `npm audit --omit=dev --json` (runtime
// dependencies only: what ships in the image) and fails on any high or critical advisory that
// security/audit-exceptions.json does not list with a reason and an expiry date.
// Exit codes: 0 clean (or every finding excepted), 1 findings, 2 the audit could not run (no
// registry, an audit endpoint that refuses, unreadable output), so CI can tell the two apart.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const EXCEPTIONS_FILE = join(ROOT, 'security', 'audit-exceptions.json');
const FAILING = new Set(['high', 'critical']);

/** GHSA id of an advisory (from its URL), else npm's numeric source id. */
function advisoryId(via) {
  const ghsa = /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/i.exec(String(via.url ?? ''));
  return ghsa ? ghsa[0] : String(via.source ?? via.title ?? 'unknown');
}

/**
 * Checks an exceptions file: a list of { advisory, package, reason, expires } with a reason and
 * an expiry date for each, so an exception is a decision that gets reviewed, not a mute button.
 */
export function validateExceptions(value) {
  const problems = [];
  const list = value && Array.isArray(value.exceptions) ? value.exceptions : undefined;
  if (!list) return { exceptions: [], problems: ['the exceptions file must be {"exceptions": [...]}'] };
  list.forEach((entry, index) => {
    if (!entry || typeof entry.advisory !== 'string' || entry.advisory === '') problems.push(`exception ${index + 1}: "advisory" (a GHSA id) is required`);
    if (!entry || typeof entry.reason !== 'string' || entry.reason.trim().length < 10)
      problems.push(`exception ${index + 1}: "reason" must say why the advisory does not apply or cannot be fixed yet`);
    if (!entry || typeof entry.expires !== 'string' || Number.isNaN(Date.parse(entry.expires)))
      problems.push(`exception ${index + 1}: "expires" must be a date (YYYY-MM-DD) when it is reviewed again`);
  });
  return { exceptions: problems.length === 0 ? list : [], problems };
}

/**
 * Sorts the advisories of an `npm audit --json` report (format 2) into failing, excepted and
 * below the threshold, and names exceptions that no longer match anything (to be removed).
 */
export function evaluateAudit(report, exceptions, today = new Date()) {
  if (!report || typeof report !== 'object' || typeof report.vulnerabilities !== 'object' || report.vulnerabilities === null) {
    const reason = report && typeof report === 'object' ? (report.message ?? report.error?.summary ?? 'no "vulnerabilities" in the report') : 'no report';
    return { status: 'unavailable', reason: String(reason), failing: [], excepted: [], ignored: [], unusedExceptions: [] };
  }
  const advisories = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    for (const via of vulnerability.via ?? []) {
      // A string names another vulnerable package; its advisories are listed under that package.
      if (typeof via !== 'object' || via === null) continue;
      const id = advisoryId(via);
      if (!advisories.has(id))
        advisories.set(id, { id, package: via.name ?? vulnerability.name, severity: via.severity ?? vulnerability.severity, title: via.title ?? '', url: via.url ?? '', range: via.range ?? '' });
    }
  }
  const active = exceptions.filter((entry) => Date.parse(entry.expires) >= today.getTime() - 86_400_000);
  const failing = [];
  const excepted = [];
  const ignored = [];
  for (const advisory of advisories.values()) {
    if (!FAILING.has(advisory.severity)) ignored.push(advisory);
    else if (active.some((entry) => entry.advisory.toLowerCase() === advisory.id.toLowerCase())) excepted.push(advisory);
    else failing.push(advisory);
  }
  const unusedExceptions = exceptions
    .filter((entry) => !advisories.has(entry.advisory) && ![...advisories.keys()].some((id) => id.toLowerCase() === entry.advisory.toLowerCase()))
    .map((entry) => entry.advisory);
  return { status: failing.length > 0 ? 'failing' : 'clean', reason: '', failing, excepted, ignored, unusedExceptions };
}

function runNpmAudit() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (result.error) return { message: `could not run npm audit: ${result.error.message}` };
  try {
    return JSON.parse(result.stdout);
  } catch {
    return { message: `npm audit printed no JSON (exit ${result.status}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}` };
  }
}

function main() {
  let fileContent;
  try {
    fileContent = JSON.parse(readFileSync(EXCEPTIONS_FILE, 'utf8'));
  } catch (error) {
    process.stderr.write(`audit: cannot read ${EXCEPTIONS_FILE}: ${error.message}\n`);
    return 2;
  }
  const { exceptions, problems } = validateExceptions(fileContent);
  if (problems.length > 0) {
    process.stderr.write(`audit: ${EXCEPTIONS_FILE}:\n  ${problems.join('\n  ')}\n`);
    return 2;
  }
  const outcome = evaluateAudit(runNpmAudit(), exceptions);
  if (outcome.status === 'unavailable') {
    process.stderr.write(`audit: the audit could not run (${outcome.reason}); this is not a clean result\n`);
    return 2;
  }
  const line = (advisory) => `  ${advisory.severity.padEnd(8)} ${advisory.package} ${advisory.range} ${advisory.id} ${advisory.title}${advisory.url ? ` (${advisory.url})` : ''}`;
  for (const advisory of outcome.excepted) process.stdout.write(`excepted:${line(advisory)}\n`);
  for (const id of outcome.unusedExceptions) process.stdout.write(`audit: the exception for ${id} matches no current advisory; remove it from security/audit-exceptions.json\n`);
  if (outcome.ignored.length > 0) process.stdout.write(`audit: ${outcome.ignored.length} advisories below high severity (see npm audit --omit=dev)\n`);
  if (outcome.failing.length > 0) {
    process.stdout.write(
      `audit: ${outcome.failing.length} high or critical advisories in runtime dependencies:\n${outcome.failing.map(line).join('\n')}\nfix them (npm audit fix --omit=dev, or upgrade), or list each in security/audit-exceptions.json with a reason and an expiry date\n`,
    );
    return 1;
  }
  process.stdout.write('audit: no high or critical advisories in runtime dependencies\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();

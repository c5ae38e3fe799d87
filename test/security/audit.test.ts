// The dependency audit's decision (scripts/audit.mjs): which advisories fail CI, which an
// exception accepts, and that an audit that could not run is never taken for a clean one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXCEPTIONS_FILE, evaluateAudit, validateExceptions } from '../../scripts/audit.mjs';

/** The shape of `npm audit --json` (report format 2), cut down. */
function report(advisories: Array<{ package: string; severity: string; ghsa: string }>, transitive: Record<string, string> = {}) {
  const vulnerabilities: Record<string, object> = {};
  for (const advisory of advisories) {
    vulnerabilities[advisory.package] = {
      name: advisory.package,
      severity: advisory.severity,
      via: [{ source: 1, name: advisory.package, title: `${advisory.package} problem`, url: `https://github.com/advisories/${advisory.ghsa}`, severity: advisory.severity, range: '<2.0.0' }],
      range: '<2.0.0',
      fixAvailable: true,
    };
  }
  for (const [name, via] of Object.entries(transitive)) vulnerabilities[name] = { name, severity: 'high', via: [via], range: '*', fixAvailable: true };
  return { auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: {} } };
}

const HIGH = { package: 'body-parser', severity: 'high', ghsa: 'GHSA-qwcr-r2fm-qrc7' };
const CRITICAL = { package: 'path-to-regexp', severity: 'critical', ghsa: 'GHSA-9wv6-86v2-598j' };
const MODERATE = { package: 'cookie', severity: 'moderate', ghsa: 'GHSA-pxg6-pf52-xh8x' };
const today = new Date('2026-06-01T00:00:00Z');
const exception = (advisory: string, expires = '2026-12-31') => ({ advisory, package: 'x', reason: 'only reachable through a parser we never call', expires });

describe('the dependency audit', () => {
  it('passes a report without advisories', () => {
    expect(evaluateAudit(report([]), [], today)).toMatchObject({ status: 'clean', failing: [] });
  });

  it('fails on high and critical advisories, each named once, and only counts lower ones', () => {
    const outcome = evaluateAudit(report([HIGH, CRITICAL, MODERATE], { express: 'body-parser' }), [], today);
    expect(outcome.status).toBe('failing');
    expect(outcome.failing.map((advisory) => `${advisory.severity} ${advisory.package} ${advisory.id}`).sort()).toEqual([
      'critical path-to-regexp GHSA-9wv6-86v2-598j',
      'high body-parser GHSA-qwcr-r2fm-qrc7',
    ]);
    expect(outcome.ignored.map((advisory) => advisory.id)).toEqual([MODERATE.ghsa]);
  });

  it('accepts an advisory listed as an exception until the exception expires', () => {
    expect(evaluateAudit(report([HIGH]), [exception(HIGH.ghsa)], today)).toMatchObject({ status: 'clean', excepted: [{ id: HIGH.ghsa }] });
    expect(evaluateAudit(report([HIGH]), [exception(HIGH.ghsa.toLowerCase())], today).status).toBe('clean');
    expect(evaluateAudit(report([HIGH]), [exception(HIGH.ghsa, '2026-05-01')], today)).toMatchObject({ status: 'failing', failing: [{ id: HIGH.ghsa }] });
    expect(evaluateAudit(report([HIGH, CRITICAL]), [exception(HIGH.ghsa)], today)).toMatchObject({ status: 'failing', failing: [{ id: CRITICAL.ghsa }] });
  });

  it('names exceptions that no longer match an advisory', () => {
    expect(evaluateAudit(report([]), [exception('GHSA-aaaa-bbbb-cccc')], today).unusedExceptions).toEqual(['GHSA-aaaa-bbbb-cccc']);
  });

  it('never reads an audit that could not run as clean', () => {
    const refused = { message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk', statusCode: 405 };
    expect(evaluateAudit(refused, [], today)).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('405') });
    expect(evaluateAudit(undefined, [], today).status).toBe('unavailable');
  });

  it('requires a reason and an expiry date for every exception', () => {
    expect(validateExceptions({ exceptions: [exception(HIGH.ghsa)] }).problems).toEqual([]);
    expect(validateExceptions({ exceptions: [{ advisory: HIGH.ghsa, reason: 'n/a' }] }).problems).toEqual([expect.stringMatching(/"reason"/), expect.stringMatching(/"expires"/)]);
    expect(validateExceptions([]).problems).toEqual([expect.stringMatching(/\{"exceptions"/)]);
  });

  it('ships a valid exceptions file', () => {
    expect(validateExceptions(JSON.parse(readFileSync(EXCEPTIONS_FILE, 'utf8'))).problems).toEqual([]);
  });
});

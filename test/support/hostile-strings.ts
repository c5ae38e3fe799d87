// Strings for hostile-input tests, shared by the contract and ingest property tests.

/** Strings that try to break out of a query, a JSON document or a log line: plain data here. */
export const INJECTION_STRINGS = [
  "x'}) DETACH DELETE n //",
  '"}) MATCH (n) DETACH DELETE n RETURN 1 //',
  "a' OR '1'='1",
  '`) CALL dbms.killQueries([]) //',
  '$accountId',
  '{"$ne": null}',
  '","account_id":"admin',
  '\\"}\\n{"account_id":"forged"',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '../../../etc/passwd',
  // Words a parser may take for absence.
  'null',
  'undefined',
  'NaN',
  'None',
  'missing',
  '\u202egnp.exe',
  'zero\u200bwidth',
  'a\u2028b\u2029c',
  '🙂'.repeat(128),
  'e\u0301',
  'Ω≈ç√∫',
  // CSV: separators and quotes inside a field, spreadsheet formula injection.
  'comma, inside',
  'quote " inside',
  '=HYPERLINK("http://example.invalid")',
  '@SUM(1+1)',
];

// Types of scripts/audit.mjs for the TypeScript tests that import it.
export interface AuditException {
  advisory: string;
  package?: string;
  reason: string;
  expires: string;
}

export interface AuditAdvisory {
  id: string;
  package: string;
  severity: string;
  title: string;
  url: string;
  range: string;
}

export interface AuditOutcome {
  status: 'clean' | 'failing' | 'unavailable';
  reason: string;
  failing: AuditAdvisory[];
  excepted: AuditAdvisory[];
  ignored: AuditAdvisory[];
  unusedExceptions: string[];
}

export const EXCEPTIONS_FILE: string;
export function validateExceptions(value: unknown): { exceptions: AuditException[]; problems: string[] };
export function evaluateAudit(report: unknown, exceptions: readonly AuditException[], today?: Date): AuditOutcome;

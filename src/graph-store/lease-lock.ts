// A lease held in Neo4j (owner + expiry, renewed while the work runs): one refresh at a time
// (CLI, API and scheduler alike) and one load at a time. A crashed holder stops renewing, so its
// lease expires and the next run takes over.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { cypher } from './cypher-files.js';
import type { GraphStore, TransactionRunner } from './neo4j-adapter.js';
import { withDefaults } from '../shared/options.js';

export interface LeaseOptions {
  leaseMs: number;
  renewEveryMs: number;
}

export const DEFAULTS: LeaseOptions = { leaseMs: 60_000, renewEveryMs: 15_000 };

/** A lease of the given length, renewed four times per length so one missed renewal does not lose it. */
export function leaseOfSeconds(seconds: number): LeaseOptions {
  const leaseMs = Math.round(seconds * 1000);
  return { leaseMs, renewEveryMs: Math.max(100, Math.floor(leaseMs / 4)) };
}

export interface Lease {
  owner: string;
  release(): Promise<void>;
  /** Set when a renewal found the lease taken by someone else. */
  lost(): boolean;
}

export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Takes the lease if it is free or expired. `withLease` runs in the same transaction once the
 * lease is taken, so what it writes (a run's record) exists exactly when the lease does: whoever
 * learns the holder's run id can read that run.
 */
export async function tryAcquireLease(
  store: GraphStore,
  name: string,
  runId: string,
  options: Partial<LeaseOptions> = {},
  withLease?: (transaction: TransactionRunner) => Promise<void>,
): Promise<{ lease: Lease } | { holderRunId: string | null }> {
  const settings = withDefaults(DEFAULTS, options);
  const owner = leaseOwner();
  const row = await store.writeTransaction(async (transaction) => {
    const [taken] = await transaction.run<{ acquired: boolean; run_id: string | null }>(cypher('acquire-lock'), { name, owner, runId, leaseMs: settings.leaseMs });
    if (taken?.acquired && withLease) await withLease(transaction);
    return taken;
  });
  if (!row?.acquired) return { holderRunId: row?.run_id ?? null };
  let lost = false;
  const timer = setInterval(() => {
    store
      .write<{ renewed: number }>(cypher('renew-lock'), { name, owner, leaseMs: settings.leaseMs })
      .then(([renewal]) => {
        if (!renewal?.renewed) lost = true;
      })
      .catch(() => undefined);
  }, settings.renewEveryMs);
  timer.unref();
  return {
    lease: {
      owner,
      lost: () => lost,
      async release() {
        clearInterval(timer);
        await store.write(cypher('release-lock'), { name, owner });
      },
    },
  };
}

/**
 * Takes the lease, waiting up to `waitMs` for the holder to finish: a holder that was killed
 * stops renewing, so its lease expires within one lease length.
 */
export async function acquireLeaseWaiting(
  store: GraphStore,
  name: string,
  runId: string,
  options: Partial<LeaseOptions> & { waitMs: number; pollMs?: number; onWait?: (holderRunId: string | null) => void },
): Promise<{ lease: Lease } | { holderRunId: string | null }> {
  const deadline = Date.now() + options.waitMs;
  let attempt = await tryAcquireLease(store, name, runId, options);
  let announced = false;
  while ('holderRunId' in attempt && Date.now() < deadline) {
    if (!announced) options.onWait?.(attempt.holderRunId);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
    attempt = await tryAcquireLease(store, name, runId, options);
  }
  return attempt;
}

export async function readLease(store: GraphStore, name: string): Promise<{ held: boolean; runId: string | null; owner: string | null; expiresAt: string | null }> {
  const [row] = await store.read<{ held: boolean; run_id: string | null; owner: string | null; expires_at: string | null }>(cypher('read-lock'), { name });
  return { held: Boolean(row?.held), runId: row?.run_id ?? null, owner: row?.owner ?? null, expiresAt: row?.expires_at ?? null };
}

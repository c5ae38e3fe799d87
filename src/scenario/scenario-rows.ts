// The accounts, payments and labels files' rows of a planned batch, the same for the full
// scenario and the cards-only batch (their events differ, their other files do not).
import { isoSeconds } from './scenario-events.js';
import type { AccountPlan } from './scenario-plan.js';

export interface AccountOutput {
  account_id: string;
  created_at: string;
  email_domain: string;
  country: string;
  plan: string;
  org_id: string | null;
}

export interface PaymentOutput {
  account_id: string;
  payment_fingerprint: string;
  kind: string;
  bin: string | null;
  country: string | null;
  first_used_at: string;
}

export interface LabelOutput {
  account_id: string;
  campaign: string | null;
}

export function* accountRows(accounts: readonly AccountPlan[]): Iterable<AccountOutput> {
  for (const account of accounts) {
    yield { account_id: account.accountId, created_at: isoSeconds(account.createdAt), email_domain: account.emailDomain, country: account.country, plan: account.plan, org_id: account.orgId };
  }
}

export function* paymentRows(accounts: readonly AccountPlan[]): Iterable<PaymentOutput> {
  for (const account of accounts) {
    for (const payment of account.payments) yield { account_id: account.accountId, ...payment, first_used_at: isoSeconds(payment.first_used_at) };
  }
}

export function* labelRows(accounts: readonly AccountPlan[]): Iterable<LabelOutput> {
  for (const account of accounts) yield { account_id: account.accountId, campaign: account.campaign };
}

// Checks that the scenario carries the signals the detector must weigh: campaigns linked by
// several weak signals, each benign confounder strong in exactly one.
import { describe, expect, it } from 'vitest';
import { networkOf } from '../../src/contract/rows.js';
import { createScenario } from '../../src/scenario/generate-scenario.js';
import type { EventOutput } from '../../src/scenario/scenario-events.js';
import type { AccountPlan } from '../../src/scenario/scenario-plan.js';

const scenario = createScenario({ scale: 'tiny', seed: 11 });
const accounts = scenario.plan.accounts;
const byId = new Map(accounts.map((account) => [account.accountId, account]));
const events: EventOutput[] = [...scenario.eventRows()];
const addressAccounts = new Map<string, Set<string>>();
for (const event of events) {
  let users = addressAccounts.get(event.ip);
  if (!users) addressAccounts.set(event.ip, (users = new Set()));
  users.add(event.account_id);
}
const inGroup = (group: string) => accounts.filter((account) => account.groups.includes(group as AccountPlan['groups'][number]));

describe('scenario signals (tiny)', () => {
  it('puts campaign proxy addresses on a few campaign accounts each, some also used by benign homes', () => {
    const campaignAddresses = [...addressAccounts.entries()].filter(([, users]) => [...users].some((id) => byId.get(id)?.campaign === 'agentic-coding'));
    const sharedByCampaign = campaignAddresses.filter(([, users]) => [...users].filter((id) => byId.get(id)?.campaign).length >= 2);
    expect(sharedByCampaign.length).toBeGreaterThan(campaignAddresses.length * 0.3);
    expect(campaignAddresses.some(([, users]) => [...users].some((id) => byId.get(id)?.campaign === null))).toBe(true);
  });

  it('shares campaign cards between small groups or gives each account a card from a few odd issuers', () => {
    for (const campaign of ['agentic-coding', 'reasoning-traces', 'cot-extraction'] as const) {
      const members = accounts.filter((account) => account.campaign === campaign);
      const perCard = new Map<string, number>();
      for (const account of members) for (const payment of account.payments) perCard.set(payment.payment_fingerprint, (perCard.get(payment.payment_fingerprint) ?? 0) + 1);
      const largest = Math.max(...perCard.values());
      const bins = new Set(members.flatMap((account) => account.payments.map((payment) => payment.bin)));
      expect(largest, campaign).toBeLessThanOrEqual(30);
      expect(bins.size, campaign).toBeLessThanOrEqual(3);
    }
  });

  it('puts carrier NAT users on a few addresses shared by many unrelated accounts', () => {
    const carrier = inGroup('carrier_nat');
    const addresses = new Set(carrier.flatMap((account) => account.network.shared));
    expect(addresses.size).toBeLessThanOrEqual(5);
    const busiest = Math.max(...[...addresses].map((address) => addressAccounts.get(address)?.size ?? 0));
    expect(busiest).toBeGreaterThan(carrier.length / 5);
    expect(new Set(carrier.flatMap((account) => account.payments.map((payment) => payment.payment_fingerprint))).size).toBeGreaterThan(carrier.length * 0.3);
  });

  it('creates the university cohort in one burst behind a handful of campus addresses', () => {
    const cohort = inGroup('university_cohort');
    const created = cohort.map((account) => account.createdAt);
    expect(Math.max(...created) - Math.min(...created)).toBeLessThanOrEqual(3 * 3_600_000);
    expect(new Set(cohort.flatMap((account) => account.network.shared)).size).toBeLessThanOrEqual(6);
  });

  it('gives enterprise pipelines an org_id, one fixed template and very high volume', () => {
    const pipelines = inGroup('enterprise_pipeline');
    const median = [...accounts].map((account) => account.events).sort((first, second) => first - second)[Math.floor(accounts.length / 2)] ?? 0;
    for (const account of pipelines) {
      expect(account.orgId).not.toBeNull();
      expect(account.favorites).toHaveLength(1);
      expect(account.favoriteShare).toBe(1);
      expect(account.events).toBeGreaterThan(median * 20);
    }
  });

  it('keeps campaign accounts inside the benign range of per-account volume', () => {
    const benignMaximum = Math.max(...accounts.filter((account) => account.campaign === null && !account.groups.includes('enterprise_pipeline')).map((account) => account.events));
    const campaignMaximum = Math.max(...accounts.filter((account) => account.campaign !== null).map((account) => account.events));
    expect(campaignMaximum).toBeLessThan(benignMaximum);
  });

  it('shares family cards among 2 to 5 accounts', () => {
    const perCard = new Map<string, number>();
    for (const account of inGroup('family_card')) for (const payment of account.payments) perCard.set(payment.payment_fingerprint, (perCard.get(payment.payment_fingerprint) ?? 0) + 1);
    expect(Math.max(...perCard.values())).toBeLessThanOrEqual(5);
  });

  it('puts VPN users on hosting /24 networks shared with other VPN users', () => {
    const networkAccounts = new Map<string, Set<string>>();
    for (const event of events) {
      if (event.ip.includes(':') || !byId.get(event.account_id)?.groups.includes('vpn')) continue;
      const network = networkOf(event.ip);
      let users = networkAccounts.get(network);
      if (!users) networkAccounts.set(network, (users = new Set()));
      users.add(event.account_id);
    }
    expect(Math.max(...[...networkAccounts.values()].map((users) => users.size))).toBeGreaterThan(3);
  });
});

// Plain account facts for hand-built scoring fixtures: created a week apart (cycling over 50
// weeks), active on two days and half the hours, ordinary token counts; nothing unusual alone.
import type { AccountFacts } from '../../src/linkage/linkage-data.js';

export const DAY = 86_400_000;

export const accountFacts = (id: string, index: number): AccountFacts => ({
  accountId: id,
  createdAt: -400 * DAY + (index % 50) * 7 * DAY,
  firstEventAt: 10 * DAY,
  lastEventAt: 40 * DAY,
  eventCount: 20,
  inputTokens: 1000,
  outputTokens: 1000,
  extractionEvents: 0,
  hourHistogram: Array.from({ length: 24 }, (_, hour) => ((hour + index) % 24 < 12 ? 1 : 0)),
  activeDays: [index % 30, (index * 7) % 30],
  orgId: null,
  plan: null,
});

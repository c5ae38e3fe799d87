// How unusual a group is against its own data's background: binomial tails and the excess share
// of a trait over its population rate. Every scoring signal reduces to "k of n members show a
// trait that a share p of all accounts show", so one measure serves them all.
import betainc from '@stdlib/math-base-special-betainc';

/** Surprise is reported as -log10 of the tail probability, capped here (p below 1e-12 reads the same). */
export const MAX_SURPRISE = 12;

/** P(X >= k) for X ~ Binomial(n, p): the chance a random group of n shows the trait k times or more. */
export function binomialUpperTail(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // The regularised incomplete beta I_p(k, n - k + 1) is the upper tail, accurate far below 1e-16.
  return betainc(p, k, n - k + 1);
}

/** -log10 of a probability, capped at MAX_SURPRISE. */
export function surpriseOf(probability: number): number {
  if (!(probability > 0)) return MAX_SURPRISE;
  return Math.min(MAX_SURPRISE, Math.max(0, -Math.log10(probability)));
}

export interface ExcessShareOptions {
  /** A group is unusual only when a random group of its size shows this many so rarely (surprise). */
  minSurprise: number;
  /** A trait this rare (log10 1/p at or above this) carries full weight; a commoner one less. */
  fullRarity: number;
  /** A trait this common (log10 1/p at or below this: a fifth of all accounts) carries none. */
  rarityFloor: number;
}

export const EXCESS_DEFAULTS: ExcessShareOptions = { minSurprise: 3, fullRarity: 2, rarityFloor: 0.7 };

export interface ExcessShare {
  /** Share of the group with the trait. */
  observed: number;
  /** Share of the population with the trait: what a random group shows. */
  background: number;
  /** -log10 P(a random group of this size shows it at least this often). */
  surprise: number;
  /** In [0, 1]: 0 unless surprising; then the excess over background, discounted when the trait is common. */
  strength: number;
}

/**
 * The strength of "k of n members have a trait that a share p of all accounts have". The excess
 * share (k/n - p) / (1 - p) says how much more often than chance; it is discounted by how common
 * the trait is (a sign-up day shared by a fifth of all accounts is weak evidence even when a
 * whole group shares it) and counts only when a random group would rarely show it.
 */
export function excessShare(k: number, n: number, p: number, options: ExcessShareOptions = EXCESS_DEFAULTS): ExcessShare {
  const observed = n > 0 ? k / n : 0;
  const background = Math.min(1, Math.max(0, p));
  const surprise = surpriseOf(binomialUpperTail(n, background, k));
  if (n === 0 || background >= 1 || surprise < options.minSurprise || observed <= background) return { observed, background, surprise, strength: 0 };
  const excess = (observed - background) / (1 - background);
  const rarity = background <= 0 ? 1 : Math.min(1, Math.max(0, (Math.log10(1 / background) - options.rarityFloor) / (options.fullRarity - options.rarityFloor)));
  return { observed, background, surprise, strength: Math.min(1, Math.max(0, excess * rarity)) };
}

/**
 * The trait's share among the accounts outside a group: the background a group is compared with.
 * A large operation's own sign-up burst or issuer would otherwise make its trait look common
 * (a burst of 500 accounts is 3 % of a data set of 16,000) and discount it as a population artefact.
 */
export function shareOutside(totalWithTrait: number, totalAccounts: number, groupWithTrait: number, groupAccounts: number): number {
  const rest = totalAccounts - groupAccounts;
  if (rest <= 0) return 0;
  return Math.min(1, Math.max(0, totalWithTrait - groupWithTrait) / rest);
}

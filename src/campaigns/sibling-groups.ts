// Groups that are more of an operation already reported, cut apart by Louvain or scattered over
// template sets (docs/scoring.md, "Campaigns inside communities"): the repeat senders of a set,
// one report per set, and the pieces and sets excused the piece margin for sharing a reported
// campaign's resources, showing an operator's own and acting in step with it.
import { entityAt, type LinkageData } from '../linkage/linkage-data.js';
import { derivedSeed, seededRandom } from '../shared/random.js';
import { pairMeasures, type Background, type PairMeasures } from './background.js';
import { groupOperations } from './group-operations.js';
import type { ScoredCommunity, ScoringOptions } from './scoring-model.js';
import type { SignalName } from './signals.js';
import { binomialUpperTail, surpriseOf } from './surprise.js';

/**
 * The accounts among a template set's `senders` whose use of its fingerprints is unlikely by
 * chance: k of an account's n prompts on the set, where a share p of all prompts is, with
 * P(X >= k | n, p) at or below 10^-minSurprise. A user whose everyday prompt fell into one of the
 * fingerprints once is not one of them; an operation's account sending its templates again and
 * again is, and so is a low-volume account whose few prompts fell on a set almost nobody sends.
 */
export function repeatSendersOf(
  data: LinkageData,
  fingerprints: readonly number[],
  senders: readonly number[],
  promptEventsOf: ArrayLike<number>,
  allPromptEvents: number,
  minSurprise: number,
): number[] {
  const onSet = new Map<number, number>();
  let setEvents = 0;
  for (const entityIndex of fingerprints) {
    const entity = entityAt(data.entities, entityIndex);
    entity.members.forEach((account, position) => {
      const events = entity.usage[position] ?? 0;
      onSet.set(account, (onSet.get(account) ?? 0) + events);
      setEvents += events;
    });
  }
  const share = allPromptEvents > 0 ? setEvents / allPromptEvents : 0;
  return senders.filter((account) => {
    const events = onSet.get(account) ?? 0;
    return events > 0 && surpriseOf(binomialUpperTail(promptEventsOf[account] ?? 0, share, events)) >= minSurprise;
  });
}

/**
 * A set and its repeat senders are two views of one set of prompts, reported once. Repeat senders
 * reported on their own show the set's fingerprints to be an operation's templates; the set is
 * then excused the margin like a piece tied to its campaign (the plain threshold, with operator
 * evidence) and reported in their place, since it holds them and its other senders too (each
 * still a member only on its own evidence). The operator evidence may be the repeat senders': the
 * set's one-off senders dilute its own template exclusivity, not what the templates are. When both
 * clear the bar the set is kept.
 */
export function oneGroupPerSet(results: ScoredCommunity[], setOfRepeatSenders: ReadonlyMap<number, number>, settings: ScoringOptions): ScoredCommunity[] {
  // Each set shown by reported repeat senders, with the strongest operator evidence they show.
  const shownBy = new Map<number, number>();
  for (const result of results) {
    const set = setOfRepeatSenders.get(result.community);
    if (!result.isCampaign || set === undefined) continue;
    shownBy.set(set, Math.max(shownBy.get(set) ?? 0, operatorEvidence(result)));
  }
  const excused = results.map((result) =>
    !result.isCampaign && shownBy.has(result.community) && clearsExcusedBar(result, Math.max(operatorEvidence(result), shownBy.get(result.community) as number), settings)
      ? { ...result, isCampaign: true }
      : result,
  );
  const reportedSets = new Set(excused.flatMap((result) => (result.isCampaign ? [result.community] : [])));
  return excused.map((result) => {
    const set = setOfRepeatSenders.get(result.community);
    return result.isCampaign && set !== undefined && reportedSets.has(set) ? { ...result, isCampaign: false } : result;
  });
}

/**
 * The higher bar for pieces guards against one more chance at an independent coincidence; a piece
 * that shares the operator's own resources (its fingerprints, an instrument, rare addresses) with
 * a reported campaign is no independent chance but more of that operation, cut apart by Louvain:
 * it is reported when it clears the plain threshold. Issuers alone do not tie (benign prepaid
 * users buy from the same ones). The piece must show such resources itself
 * (`siblingOperatorEvidence`): a class created together, doing its homework in step,
 * whose reasoning prompts now and then fall into a reasoning campaign's fingerprints, clears the
 * threshold on timing, behaviour and the phrase rules, traits of the cohort and not of an operator.
 * And the piece must act in step with a reported campaign it is tied to (`siblingInStep`): a cell
 * cut off an operation runs on its clock, a class runs on its own.
 *
 * Template sets are excused the same way, and may vouch for one another: a very large operation
 * scattered over several sets may leave no campaign reported to tie to, while each of its sets
 * clears the plain threshold. Two such sets tied and in step are two chances at the same
 * coincidence no more than a piece and its campaign are. A set is gathered on templates alone (no
 * address, card or link binds it), so it must also run in lockstep itself (`siblingSetLockstep`):
 * many users of one popular set of prompts do not.
 */
export function reportSiblings(
  data: LinkageData,
  background: Background,
  results: ScoredCommunity[],
  streamSeed: number,
  settings: ScoringOptions,
  origin: 'piece' | 'template-set',
  setOfRepeatSenders: ReadonlyMap<number, number> = new Map(),
): ScoredCommunity[] {
  // A set and its own repeat senders are one coincidence, not two: they never vouch for each other.
  const setOf = (index: number) => {
    const community = (results[index] as ScoredCommunity).community;
    return setOfRepeatSenders.get(community) ?? community;
  };
  const promptEvents = background.accountPromptEvents;
  if (settings.pieceMargin <= 0) return results;
  // Sets may also vouch for one another (below); a set must then run in lockstep itself.
  const mutual = origin === 'template-set';
  const lockstep = (result: ScoredCommunity) => result.signals.find((signal) => signal.name === 'lockstep_activity')?.strength ?? 0;
  const nearMisses = results.flatMap((result, index) =>
    result.origin === origin && !result.isCampaign && (!mutual || lockstep(result) >= settings.siblingSetLockstep) && clearsExcusedBar(result, operatorEvidence(result), settings) ? [index] : [],
  );
  if (nearMisses.length === 0) return results;
  const reported = results.flatMap((result, index) => (result.isCampaign ? [index] : []));
  if (reported.length === 0 && !mutual) return results;
  // A piece's account with fewer prompts than it takes to tell a template from chance ties
  // nothing: a handful of one-off users whose prompts fell into two of a campaign's fingerprints
  // would otherwise tie their piece to it.
  const tiesFrom = (result: ScoredCommunity, piece: boolean) =>
    result.memberEvidence.filter((entry) => entry.role === 'member' && (!piece || (promptEvents[entry.account] ?? 0) >= settings.monotonyMinEvents)).map((entry) => entry.account);
  const inputs = [...reported, ...nearMisses].map((index, at) => ({
    campaignId: String(index),
    members: tiesFrom(results[index] as ScoredCommunity, at >= reported.length),
    issuer: null,
  }));
  // Two ties at least (two of the operator's fingerprints, or one and an instrument): a handful of
  // one-off users whose single prompt fell into a campaign's fingerprint share one.
  const { operationOf } = groupOperations(data, inputs, new Map(), '', { minTie: SIBLING_TIES });
  const reportedIn = new Map<number, number[]>();
  (mutual ? [...reported, ...nearMisses] : reported).forEach((index, at) => {
    const operation = operationOf[at] as number;
    const campaigns = reportedIn.get(operation);
    if (campaigns) campaigns.push(index);
    else reportedIn.set(operation, [index]);
  });
  const pairs = pairMeasures(data);
  const siblings = new Set(
    nearMisses.filter((index, at) =>
      (reportedIn.get(operationOf[reported.length + at] as number) ?? []).some(
        (campaign) => setOf(campaign) !== setOf(index) && inStep(pairs, background, results[index] as ScoredCommunity, results[campaign] as ScoredCommunity, streamSeed, settings),
      ),
    ),
  );
  return results.map((result, index) => (siblings.has(index) ? { ...result, isCampaign: true } : result));
}

/** Pairs sampled between a piece and a campaign to tell whether they act in step. */
export const IN_STEP_PAIR_SAMPLES = 300;

/** Whether a piece's members act like the campaign's: hours or active days far more alike than random accounts' (`siblingInStep`). */
export function inStep(pairs: PairMeasures, background: Background, piece: ScoredCommunity, campaign: ScoredCommunity, streamSeed: number, settings: ScoringOptions): boolean {
  if (settings.siblingInStep <= 0) return true;
  const left = memberAccounts(piece);
  const right = memberAccounts(campaign);
  if (left.length === 0 || right.length === 0) return false;
  const random = seededRandom(derivedSeed(streamSeed, [piece.community, campaign.community]));
  const alike = (pairValue: (first: number, second: number) => number, measure: { mean: number; sd: number }) =>
    measure.sd > 0 &&
    sampledPairShift(IN_STEP_PAIR_SAMPLES, () => pairValue(left[Math.floor(random() * left.length)] as number, right[Math.floor(random() * right.length)] as number), measure) >=
      settings.siblingInStep;
  return alike(pairs.hourSimilarity, background.hourSimilarity) || alike(pairs.dayOverlap, background.dayOverlap);
}

/** The mean of `samples` pair values drawn by `drawPair`, in population spreads above random pairs' mean (the spread must be above 0). */
export function sampledPairShift(samples: number, drawPair: () => number, measure: { mean: number; sd: number }): number {
  let total = 0;
  for (let sample = 0; sample < samples; sample += 1) total += drawPair();
  return (total / samples - measure.mean) / measure.sd;
}

/** The accounts a scored group reports as members. */
export function memberAccounts(result: ScoredCommunity): number[] {
  return result.memberEvidence.filter((entry) => entry.role === 'member').map((entry) => entry.account);
}

/** Tie weight (fingerprints, instruments; three rare addresses weigh one) a piece needs to a reported campaign to count as its sibling. */
export const SIBLING_TIES = 2;

/**
 * Signals that measure resources an operator holds (instruments, rare addresses, proxy exits it
 * rotates through, its own templates), not traits a cohort shares: a class works from its campus
 * address, an operation on a VPN or proxy network through dozens of exits per account (a cell of
 * one whose templates land in everyday fingerprints shows little else of its own).
 */
export const OPERATOR_SIGNALS: ReadonlySet<string> = new Set<SignalName>(['instrument_fan_out', 'shared_rare_addresses', 'held_addresses', 'address_rotation', 'template_exclusivity']);

/**
 * The bar a group excused the piece margin still clears (a piece or set tied to a reported
 * campaign, a set shown by its repeat senders): the plain threshold, enough members, and
 * `evidence` of an operator's resources at least `siblingOperatorEvidence`.
 */
export function clearsExcusedBar(result: ScoredCommunity, evidence: number, settings: ScoringOptions): boolean {
  return result.score >= settings.threshold && result.memberCount >= settings.minAccounts && evidence >= settings.siblingOperatorEvidence;
}

/** What a group's operator resources contribute to its score (before family caps). */
export function operatorEvidence(result: ScoredCommunity): number {
  return result.signals.reduce((sum, signal) => sum + (OPERATOR_SIGNALS.has(signal.name) ? Math.max(0, signal.contribution) : 0), 0);
}

// What scoring takes and gives: its settings with their defaults, and the scored group with its
// signals, families, evidence and members' roles. Kept apart from score-communities.ts so the
// modules scoring is split into (member roles, sibling groups) share them without an import cycle.
export interface ScoringOptions {
  minAccounts: number;
  threshold: number;
  /**
   * A member stays in a community only with at least peripheralShare of the internal link weight
   * of the member at peripheralQuantile (a high quantile: benign accounts hanging on a campaign
   * through shared proxies can be half of its community, and must not set the bar).
   */
  peripheralShare: number;
  peripheralQuantile: number;
  /** Communities smaller than this use the median (quantile 0.5) and a share of 0.25 instead. */
  largeCommunity: number;
  /** Addresses with at most this many accounts are rare (the projection's hub limit by default). */
  cliqueDegreeLimit: number;
  evidencePerKind: number;
  organisationDamping: number;
  burstWindowMs: number;
  /** Sign-up waves (burst windows) a group may show; later ones count only when surprising on their own. */
  burstWaves: number;
  freshWindowMs: number;
  /** A signal counts only when a random group shows it this rarely: -log10 p (3 = one in a thousand). */
  minSurprise: number;
  /** Traits at least this rare (log10 1/p) weigh fully; commoner ones are discounted, down to none at rarityFloor. */
  fullRarity: number;
  rarityFloor: number;
  /** Mean-shift signals are at full strength this many population spreads above the mean. */
  fullEffect: number;
  /** An instrument whose fan-out this few instruments reach (-log10 share) is fully unusual. */
  fullFanOutSurprise: number;
  /** A fingerprint belongs to the group when at least this share of its accounts are members (or in the groups it is a staple of). */
  exclusiveShare: number;
  /** …and at least this share of the group uses it (never fewer than two): a long-tail template two hangers-on share is not the group's. */
  exclusiveMinShare: number;
  /** Rarely used addresses held by the group (exclusiveShare of their users are members) it takes before being on them counts (held_addresses). */
  minHeldAddresses: number;
  /**
   * A fingerprint at least this share of a group's members send is one of its staples. Louvain
   * may cut one operation into several communities: a fingerprint counts as a group's own when
   * the groups it is a staple of hold most of its accounts together.
   */
  stapleShare: number;
  /**
   * This share of the group's prompt traffic on its own fingerprints is full exclusivity. An
   * operation mixes cover traffic into its templates; random groups show next to none.
   */
  fullExclusivity: number;
  /**
   * ...and this share of one account's prompts is full exclusivity for that account's own evidence
   * (higher than the group's: one account with a few prompts on the group's fingerprints is what a
   * benign user of a shared template shows too).
   */
  fullMemberExclusivity: number;
  monotonyMinEvents: number;
  pairSamples: number;
  backgroundPairSamples: number;
  /** A member whose prompts are at least this share on the group's own fingerprints is tied strongly. */
  strongTemplateShare: number;
  /**
   * ...and at least this many of its events are on them: one prompt that falls into a campaign's
   * fingerprint is what a one-off benign user sends too, so it needs a second kind of tie.
   */
  strongTemplateEvents: number;
  /** A member carries at least this share of the campaign's evidence itself (its own score over the campaign's). */
  minCarriedShare: number;
  /**
   * An account created in the group's sign-up wave that carries at least this share of the
   * campaign's evidence itself (its own active days, hours, address rotation, token mix) is a
   * member without an instrument or template tie; 0 turns this off.
   */
  waveMemberShare: number;
  /**
   * A payment instrument whose fan-out is fully unusual for this data (fullFanOutSurprise) is the
   * operator's when members hold at least this share of its accounts (any other instrument: half),
   * and an account recruited on it is a member whatever share of the evidence it carries: nobody
   * pays for dozens of strangers' accounts, while a family card one member brings in ties nothing.
   * 0 treats such instruments as any other.
   */
  operatorCardShare: number;
  /** A template tie needs at least this share of the member's prompts on the group's fingerprints. */
  templateTieShare: number;
  /**
   * An account is associated, whatever it shares, when too few of its prompts are what the
   * operation sends (fingerprints the group's template senders send): fewer than an account
   * sending half the members' median share would send with at most this chance. A busy account
   * whose prompts are something else is doing something else (a pipeline fleet on a campaign's
   * cloud addresses); 0 turns the rule off.
   */
  offTemplateChance: number;
  /** Sign-up in the group's burst window ties an account when the window holds at least this share of the group. */
  burstTieShare: number;
  /**
   * An account outside every community joins on the group's templates only with at least this
   * many events on them and a second kind of tie (or with a shared instrument): one prompt that
   * happens to fall into a campaign's fingerprint is what a one-off benign user sends too.
   */
  outsiderTemplateEvents: number;
  /**
   * ...unless its prompts are a strong share (strongTemplateShare) on at least this many distinct
   * fingerprints the group holds: an operation renders its templates into many fingerprints, while
   * a class's homework that falls into a campaign's fingerprints is a few assignments. 0: never.
   */
  outsiderTemplateBreadth: number;
  /**
   * When asking whether a group holds a fingerprint, its senders outside the linkage graph (no
   * link strong enough to be in any community) whose prompts are at least this share on
   * fingerprints the group sends and holds most of the linked senders of do not count against
   * the group; 0 counts every sender.
   */
  unlinkedClaimShare: number;
  /**
   * Scales each family (its signals' weights and its cap together): 1 everywhere by default;
   * `hydrascope calibrate --apply` fits them to analysts' verdicts (src/campaigns/calibration.ts).
   */
  familyWeights: Record<SignalFamily, number>;
  /**
   * Divides a community's unreported accounts (account ids) into pieces on their own links;
   * null: Louvain on the links among them (detectSubcommunities, default resolution and seed).
   */
  subdivide: ((accountIds: string[]) => string[][]) | null;
  /**
   * Rounds of recruiting from outside the core: after each, the accounts just recruited count with
   * the members when asking whether the group holds an address, instrument or fingerprint, and the
   * accounts on what they use are weighed again (an operation's faint accounts share proxy exits
   * and templates mostly with each other). 1: the members alone decide.
   */
  recruitRounds: number;
  /** How many times a group's unreported accounts are divided again (0: never). */
  subdivisionDepth: number;
  /**
   * Template sets (template-sets.ts) are scored as groups when their fingerprints share senders at
   * least this many times more than their popularity explains; 0 turns them off.
   */
  templateSetLift: number;
  /** A piece is a campaign at threshold + pieceMargin. */
  pieceMargin: number;
  /**
   * A piece excused the margin for sharing a reported campaign's resources must show at least this
   * much evidence of an operator's resources itself (`OPERATOR_SIGNALS`), not only traits a cohort shares.
   */
  siblingOperatorEvidence: number;
  /**
   * ...and must act in step with the campaign it is tied to: its members' hours or active days at
   * least this many population spreads more alike with that campaign's members than random
   * accounts' are (sampled pairs). A cut-off cell runs on its operation's clock; a class whose
   * homework falls into a reasoning campaign's fingerprints runs on its own. 0 turns the rule off.
   */
  siblingInStep: number;
  /**
   * A template set is excused the margin like a piece: when it is tied to, and in step with, a
   * reported campaign or another such set. It is gathered on templates alone, so its own members
   * must also act in lockstep: the set's `lockstep_activity` strength at least this (above 1: no
   * set is excused).
   */
  siblingSetLockstep: number;
  /**
   * Besides a template set's senders, score its repeat senders as one more group: the accounts
   * whose use of the set's fingerprints is unlikely by chance (surprise at least minSurprise,
   * given how many prompts they send and the set's share of all prompts). Everyday prompts can
   * fall into an operation's fingerprints; hundreds of users who sent one of them once then
   * outnumber the operation in the set. The other senders are the group's periphery. Repeat
   * senders reported excuse their set the margin (oneGroupPerSet).
   */
  repeatSenders: boolean;
}
import type { EntityKind } from '../linkage/linkage-data.js';
import type { SignalFamily, SignalName } from './signals.js';

export const DEFAULTS: ScoringOptions = {
  minAccounts: 5,
  threshold: 0.4,
  peripheralShare: 0.2,
  peripheralQuantile: 0.8,
  largeCommunity: 100,
  cliqueDegreeLimit: 40,
  evidencePerKind: 5,
  organisationDamping: 0.8,
  burstWindowMs: 2 * 86_400_000,
  burstWaves: 3,
  freshWindowMs: 2 * 86_400_000,
  minSurprise: 3,
  fullRarity: 2,
  rarityFloor: 0.7,
  fullEffect: 2,
  fullFanOutSurprise: 3,
  exclusiveShare: 0.8,
  exclusiveMinShare: 0.02,
  minHeldAddresses: 3,
  stapleShare: 0.2,
  fullExclusivity: 0.6,
  fullMemberExclusivity: 0.8,
  monotonyMinEvents: 3,
  pairSamples: 300,
  backgroundPairSamples: 4000,
  strongTemplateShare: 0.25,
  strongTemplateEvents: 2,
  templateTieShare: 0.1,
  offTemplateChance: 0.001,
  minCarriedShare: 0.25,
  waveMemberShare: 0.5,
  operatorCardShare: 0.25,
  burstTieShare: 0.3,
  outsiderTemplateEvents: 2,
  outsiderTemplateBreadth: 5,
  unlinkedClaimShare: 0.25,
  familyWeights: { instruments: 1, network: 1, templates: 1, timing: 1, behaviour: 1 },
  subdivide: null,
  recruitRounds: 2,
  subdivisionDepth: 1,
  templateSetLift: 20,
  pieceMargin: 0.1,
  siblingOperatorEvidence: 0.12,
  siblingInStep: 1,
  repeatSenders: true,
  siblingSetLockstep: 0.5,
};

export interface SignalExplanation {
  name: SignalName | 'organisation';
  family: SignalFamily | 'damping';
  /** What the members show. */
  value: number;
  /** What random accounts of the same data show. */
  background: number;
  /** -log10 of the chance that a random group of this size shows it (capped at 12). */
  surprise: number;
  strength: number;
  weight: number;
  /** strength × weight, before the family cap. */
  contribution: number;
  description: string;
  /** False when the graph holds no data for this signal at all (e.g. a batch without payments). */
  available: boolean;
}

export interface FamilyExplanation {
  family: SignalFamily;
  cap: number;
  /** Sum of its signals' contributions, capped. */
  contribution: number;
}

export interface EvidenceItem {
  kind: EntityKind;
  key: string;
  /** Members of the community on this entity. */
  members: number;
  /** All accounts on this entity. */
  accounts: number;
  detail: string | null;
}

export type MemberRole = 'member' | 'associated';

export interface MemberEvidence {
  account: number;
  role: MemberRole;
  /** The campaign score times the share of the campaign's evidence this account carries itself. */
  score: number;
  /** What ties it to the campaign: `payment:<key>`, `issuer:<bin>`, `ip:<key>`, `prompt:<key>`, `burst`. */
  ties: string[];
}

export interface ScoredCommunity {
  community: number;
  /** Core accounts (members and associated), sorted by own score, highest first. */
  members: number[];
  memberEvidence: MemberEvidence[];
  /** Core accounts with their own evidence: the ones reported and exported. */
  memberCount: number;
  associatedCount: number;
  peripheralAccounts: number;
  /** Members recruited from outside every community: accounts too loosely linked to be in one, carrying the operator's own resources. */
  unlinkedMembers: number;
  /** Members recruited from communities and pieces that were not reported (step 5). */
  membersFromOtherGroups: number;
  score: number;
  isCampaign: boolean;
  signals: SignalExplanation[];
  families: FamilyExplanation[];
  evidence: EvidenceItem[];
  /** The issuer (BIN) members concentrate on, when that is unusual; operations group by it. */
  topIssuer: string | null;
  firstActivityAt: number | null;
  lastActivityAt: number | null;
  /** For a piece divided from a community's unreported accounts: that community; otherwise null. */
  parentCommunity: number | null;
  origin: GroupOrigin;
}

/** What a scored group is: a Louvain community, a piece of one's unreported accounts, or a template set's senders. */
export type GroupOrigin = 'community' | 'piece' | 'template-set';

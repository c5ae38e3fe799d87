// What analysts' verdicts do at a refresh, as one pure function over the refresh's campaigns
// (after identity matching), the previous campaigns and the verdicts standing before it:
//
// - an account whose latest verdict in a campaign is `not_involved` is left out of that campaign
//   (and of whatever continues it: a split piece, a merge), so the refresh does not write it as a
//   member; a not_involved verdict carried to a new campaign id is written again on that id;
// - a split-off piece (new id) inherits its source's verdict, with a note naming the source;
// - a merge of differently judged campaigns (a campaign without a verdict counts as judged
//   differently from one with) goes back to `under_review`;
// - a `dismissed` campaign raises no alert, unless it has grown by `reopenGrowthShare` since it
//   was dismissed, or gained `reopenNewEvidence` pieces of new shared evidence (an instrument, a
//   rare address or a fingerprint of its own, src/campaigns/shared-evidence.ts, that its members
//   did not share when it was dismissed): then it is reopened (`under_review`, the reason in the note);
// - alerts: `new_campaign` (a new id, split pieces included), `campaign_reopened` (back to review
//   by the refresh), `new_member_of_confirmed_campaign` (one per account that joined a confirmed
//   campaign's lineage) and `campaign_grew` (a campaign without a verdict, or under review, grown
//   by `bigGrowthShare` since the previous refresh). Dismissed campaigns raise none.
import { DEFAULTS as IDENTITY_DEFAULTS, type CampaignChange, type PreviousCampaign } from './match-identities.js';
import { withDefaults } from '../shared/options.js';

export const CAMPAIGN_VERDICTS = ['confirmed', 'dismissed', 'under_review'] as const;
export type CampaignVerdict = (typeof CAMPAIGN_VERDICTS)[number];
export const ACCOUNT_VERDICTS = ['confirmed', 'not_involved'] as const;
export type AccountVerdict = (typeof ACCOUNT_VERDICTS)[number];
export const ALERT_KINDS = ['new_campaign', 'campaign_reopened', 'new_member_of_confirmed_campaign', 'campaign_grew'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const AUTOMATIC_REASONS = ['reopened_on_growth', 'reopened_on_new_evidence', 'inherited_on_split', 'merged_differently_judged', 'carried_over'] as const;
export type AutomaticReason = (typeof AUTOMATIC_REASONS)[number];

export interface VerdictOptions {
  /** A dismissed campaign this much larger than when it was dismissed (0.5: +50 %) is reopened. */
  reopenGrowthShare: number;
  /** A campaign without a verdict (or under review) this much larger than in the previous refresh raises `campaign_grew`. */
  bigGrowthShare: number;
  /** Relative size change below which a campaign counts as stable (as in match-identities). */
  stableTolerance: number;
  /** A dismissed campaign whose members share this many evidence keys they did not share when it was dismissed is reopened (0: never). */
  reopenNewEvidence: number;
}

export const DEFAULTS: VerdictOptions = { reopenGrowthShare: 0.5, bigGrowthShare: 0.5, stableTolerance: IDENTITY_DEFAULTS.stableTolerance, reopenNewEvidence: 1 };

/** New shared evidence named in a reopening note; the rest is counted. */
const NAMED_EVIDENCE = 5;

/** A campaign's latest campaign verdict before this refresh. */
export interface StandingVerdict {
  verdictId: string;
  verdict: CampaignVerdict;
  /** The campaign's size when the verdict was given (what growth is measured against). */
  sizeAtVerdict: number | null;
  /** The shared evidence keys of the campaign when the verdict was given; null when not recorded (then only growth reopens it). */
  evidenceAtVerdict?: readonly string[] | null;
}

export interface VerdictState {
  /** The latest verdict of every judged campaign id. */
  campaigns: ReadonlyMap<string, StandingVerdict>;
  /** Campaign id → accounts whose latest verdict in that campaign is `not_involved`. */
  notInvolved: ReadonlyMap<string, ReadonlySet<string>>;
}

/** One campaign of this refresh, as identity matching left it. */
export interface RefreshedCampaign {
  campaignId: string;
  change: CampaignChange;
  /** From match-identities: merged-from ids, split-from ids (a new piece) or the new pieces (the piece that kept the id). */
  related: readonly string[];
  /** Members of the previous campaign with this id; null for a new id. */
  previousSize: number | null;
  /** Account ids found in this refresh. */
  members: readonly string[];
  /** Its shared evidence keys in this refresh (src/campaigns/shared-evidence.ts). */
  sharedEvidence?: readonly string[];
}

/** A verdict the refresh records itself (by `hydrascope`, stamped with its run id). */
export interface AutomaticVerdict {
  scope: 'campaign' | 'account';
  campaignId: string;
  accountId: string | null;
  verdict: CampaignVerdict | AccountVerdict;
  reason: AutomaticReason;
  note: string;
  /** The campaign verdict this one follows (null: none). Written only while that is still the latest. */
  basedOn: string | null;
  sizeAtVerdict: number | null;
  /** Campaign verdicts: the evidence a later reopening is measured against (null for account verdicts). */
  evidenceAtVerdict: readonly string[] | null;
}

export interface AlertDraft {
  kind: AlertKind;
  campaignId: string;
  accountId: string | null;
  detail: string;
  size: number;
  previousSize: number | null;
}

export interface VerdictOutcome {
  /** Per campaign, in input order: the members the refresh writes (not_involved accounts left out). */
  members: string[][];
  /** Per campaign: the accounts left out. */
  leftOut: string[][];
  /** Per campaign: its change, with grew/shrank/stable measured on the members kept. */
  changes: CampaignChange[];
  /** Per campaign: the campaign verdict standing after this refresh (null: none). */
  standing: Array<CampaignVerdict | null>;
  verdicts: AutomaticVerdict[];
  alerts: AlertDraft[];
}

const describe = (verdict: StandingVerdict | undefined) => verdict?.verdict ?? 'no verdict';
const percent = (share: number) => `${Math.round(share * 100)} %`;

/** The previous campaigns this one continues: its own id when it existed, and what it merged or split from. */
export function lineageOf(campaign: RefreshedCampaign): string[] {
  const sources = campaign.previousSize === null ? [] : [campaign.campaignId];
  // A merge names the other merged campaigns; a new split piece names what it split from; the
  // piece that kept the id of a split names its new siblings, which are no sources.
  if (campaign.change === 'merged' || (campaign.change === 'split' && campaign.previousSize === null)) sources.push(...campaign.related);
  return sources;
}

export function applyVerdicts(campaigns: readonly RefreshedCampaign[], previous: readonly PreviousCampaign[], state: VerdictState, options: Partial<VerdictOptions> = {}): VerdictOutcome {
  const settings = withDefaults(DEFAULTS, options);
  const previousMembers = new Map(previous.map((campaign) => [campaign.campaignId, campaign.members]));
  const outcome: VerdictOutcome = { members: [], leftOut: [], changes: [], standing: [], verdicts: [], alerts: [] };

  for (const campaign of campaigns) {
    const { campaignId } = campaign;
    const lineage = lineageOf(campaign);

    // not_involved: the campaign's own verdicts, and those given in the campaigns it continues.
    const excluded = new Map<string, string>();
    for (const source of [campaignId, ...lineage]) {
      for (const accountId of state.notInvolved.get(source) ?? []) if (!excluded.has(accountId)) excluded.set(accountId, source);
    }
    const kept = campaign.members.filter((accountId) => !excluded.has(accountId));
    const leftOut = campaign.members.filter((accountId) => excluded.has(accountId));
    for (const accountId of leftOut) {
      const source = excluded.get(accountId) as string;
      if (source === campaignId) continue;
      outcome.verdicts.push({
        scope: 'account',
        campaignId,
        accountId,
        verdict: 'not_involved',
        reason: 'carried_over',
        note: `carried over from ${source}, where the account was marked not_involved (${campaign.change} into ${campaignId})`,
        basedOn: null,
        sizeAtVerdict: null,
        evidenceAtVerdict: null,
      });
    }
    const size = kept.length;
    const evidence = campaign.sharedEvidence ?? [];

    let change = campaign.change;
    if ((change === 'grew' || change === 'shrank' || change === 'stable') && campaign.previousSize !== null) {
      const ratio = size / Math.max(1, campaign.previousSize);
      change = ratio > 1 + settings.stableTolerance ? 'grew' : ratio < 1 - settings.stableTolerance ? 'shrank' : 'stable';
    }

    // The verdict this campaign stands under, before the growth rule.
    const own = state.campaigns.get(campaignId);
    let standing: { verdict: CampaignVerdict; sizeAtVerdict: number | null; evidenceAtVerdict: readonly string[] | null } | null = own
      ? { verdict: own.verdict, sizeAtVerdict: own.sizeAtVerdict, evidenceAtVerdict: own.evidenceAtVerdict ?? null }
      : null;
    let reopened = false;
    // Back to review, with the reason; it supersedes a verdict this same refresh gave the campaign
    // (a dismissal inherited on a split).
    const putUnderReview = (reason: AutomaticReason, note: string) => {
      const inherited = outcome.verdicts.findIndex((verdict) => verdict.scope === 'campaign' && verdict.campaignId === campaignId);
      if (inherited >= 0) outcome.verdicts.splice(inherited, 1);
      outcome.verdicts.push({
        scope: 'campaign',
        campaignId,
        accountId: null,
        verdict: 'under_review',
        reason,
        note,
        basedOn: own?.verdictId ?? null,
        sizeAtVerdict: size,
        evidenceAtVerdict: evidence,
      });
      standing = { verdict: 'under_review', sizeAtVerdict: size, evidenceAtVerdict: evidence };
      reopened = true;
    };
    const sourceVerdicts = lineage.map((source) => ({ source, verdict: state.campaigns.get(source) }));
    const judged = new Set(sourceVerdicts.map(({ verdict }) => verdict?.verdict ?? null));
    const anyJudged = sourceVerdicts.some(({ verdict }) => verdict !== undefined);
    if (lineage.length > 1 && judged.size > 1 && anyJudged) {
      const note = `${campaign.previousSize === null ? 'formed from' : 'merged'} differently judged campaigns: ${sourceVerdicts.map(({ source, verdict }) => `${source} (${describe(verdict)})`).join(', ')}`;
      putUnderReview('merged_differently_judged', note);
    } else if (campaign.previousSize === null && campaign.change === 'split' && anyJudged) {
      const inherited = sourceVerdicts[0]?.verdict as StandingVerdict;
      const note = `inherited from ${sourceVerdicts.map(({ source }) => source).join(', ')} (${inherited.verdict}) when it split`;
      // The piece is measured against what its source shared when it was judged: evidence new since then still counts as new.
      const evidenceAtVerdict = inherited.evidenceAtVerdict ?? evidence;
      outcome.verdicts.push({
        scope: 'campaign',
        campaignId,
        accountId: null,
        verdict: inherited.verdict,
        reason: 'inherited_on_split',
        note,
        basedOn: own?.verdictId ?? null,
        sizeAtVerdict: size,
        evidenceAtVerdict,
      });
      standing = { verdict: inherited.verdict, sizeAtVerdict: size, evidenceAtVerdict };
    }

    if (standing?.verdict === 'dismissed' && standing.sizeAtVerdict !== null && size >= standing.sizeAtVerdict * (1 + settings.reopenGrowthShare)) {
      const growth = size / Math.max(1, standing.sizeAtVerdict) - 1;
      const note = `reopened: grew from ${standing.sizeAtVerdict} to ${size} accounts (+${percent(growth)}) since it was dismissed; the reopen threshold is +${percent(settings.reopenGrowthShare)}`;
      // A dismissal inherited in this same refresh (only with a reopen share of 0) is superseded, not kept.
      putUnderReview('reopened_on_growth', note);
    }
    if (standing?.verdict === 'dismissed' && standing.evidenceAtVerdict && settings.reopenNewEvidence > 0) {
      const known = new Set(standing.evidenceAtVerdict);
      const gained = evidence.filter((key) => !known.has(key));
      if (gained.length >= settings.reopenNewEvidence) {
        const named = gained.slice(0, NAMED_EVIDENCE).join(', ');
        const note = `reopened: its members share ${gained.length} piece${gained.length === 1 ? '' : 's'} of evidence they did not share when it was dismissed: ${named}${gained.length > NAMED_EVIDENCE ? `, and ${gained.length - NAMED_EVIDENCE} more` : ''}`;
        putUnderReview('reopened_on_new_evidence', note);
      }
    }

    const alert = (kind: AlertKind, detail: string, accountId: string | null = null) => outcome.alerts.push({ kind, campaignId, accountId, detail, size, previousSize: campaign.previousSize });
    if (standing?.verdict !== 'dismissed') {
      if (campaign.previousSize === null) {
        alert('new_campaign', campaign.change === 'split' ? `split off ${campaign.related.join(', ')}: ${size} accounts` : `new campaign of ${size} accounts`);
      }
      if (reopened) alert('campaign_reopened', (outcome.verdicts.findLast((verdict) => verdict.scope === 'campaign' && verdict.campaignId === campaignId) as AutomaticVerdict).note);
      if (standing?.verdict === 'confirmed') {
        const known = new Set(lineage.flatMap((source) => previousMembers.get(source) ?? []));
        for (const accountId of kept) if (!known.has(accountId)) alert('new_member_of_confirmed_campaign', `${accountId} joined confirmed campaign ${campaignId}`, accountId);
      } else if (!reopened && campaign.previousSize !== null && size >= campaign.previousSize * (1 + settings.bigGrowthShare)) {
        alert('campaign_grew', `grew from ${campaign.previousSize} to ${size} accounts (+${percent(size / Math.max(1, campaign.previousSize) - 1)}) since the previous refresh`);
      }
    }

    outcome.members.push(kept);
    outcome.leftOut.push(leftOut);
    outcome.changes.push(change);
    outcome.standing.push(standing?.verdict ?? null);
  }
  return outcome;
}

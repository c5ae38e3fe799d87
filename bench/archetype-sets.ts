// Which campaign-archetype seeds the quality benchmark tunes on and which it holds out: one list,
// read by bench:quality and by the scoring replay (which refuses held-out batches).

/** Archetype seeds of the tuning set: weights and thresholds may be tuned on these. */
export const TUNING_ARCHETYPE_SEEDS = [1, 2, 3] as const;
/**
 * Archetype seeds of the held-out set: never run while tuning (never `--set held-out`, nor the
 * default run that includes it, before the tuning is settled), only to report on campaigns the
 * detector was not tuned to. Changing them after looking at their results defeats the purpose.
 * Seeds looked at while tuning, so no longer held out: 101-103 (the background-relative
 * scoring), 4-6 and 201-203 (the community subdivision and linked-cluster ownership), 301-303
 * (their misses were studied to find why template-free campaigns go unfound), 401-403 (reported
 * on the content-word fingerprints, then a false-positive class seen there was tuned against on
 * the tuning seeds), 501-503 and 601-603 (reported once on a wider segment threshold that was then
 * reverted for its false positives there), 701-703 (reported once on the recruitment of accounts
 * outside every community, then their misses, proxy-pool archetypes, were studied), 801-803
 * (reported once on the same code, then 802's template-only campaign and 803's pipeline fleets
 * reported as members were studied), 901-903 (reported once on the same code, then 902's
 * template-only campaign, whose low-volume accounts fall out of the linkage graph, was studied),
 * 1001-1003 (reported once on the claims of senders outside the linkage graph, then 1002's
 * false positives, pipeline fleets in a community half campaign, were looked at), 1101-1103
 * (reported once on organisation and invoice accounts kept out of membership and on pieces that
 * share a reported campaign's resources; then studied: 1102's template-only campaign and 1002's
 * homework recruits led to the backgrounds that leave the group out, sign-up waves and waves
 * owned by the operator), 1201-1203 (reported once on those; retired so the next report is on
 * unseen archetypes), 1301-1303 (reported once on recruits from unreported groups and held
 * addresses; 1303's homework and university-cohort false positives then studied and tuned
 * against), 1401-1403 (reported once on one-prompt template ties and pieces that must show an
 * operator's resources; retired so the next report is on unseen archetypes), 1501-1503 (reported
 * once on the same code; then their misses, small quiet campaigns, were studied), 1601-1603
 * (reported once on the same code again, to see how often it meets the bar; then 1601's misses
 * were studied and the retired sets 1301-1603 replayed while recruiting in two rounds was tried),
 * 1701-1703 (reported once on two-round recruiting; then 1701's scattered campaign was studied and
 * led to template sets), 1801-1803 (reported once on template sets), 1901-1903 (reported once on
 * template exclusivity at full strength from 60 % of a group's traffic; then 1901's misses and
 * false positives were studied), 2001-2003 (reported once on siblings acting in step and broad
 * template recruits; then 2002's and 2003's misses, campaigns on cards paying for dozens of
 * accounts, were studied), 2101-2103 (reported once on operator cards), 2201-2203 (reported once on the same code,
 * a second sample of it; then 2202's scattered VPN operation was studied), 2301-2303 (reported once
 * on template sets vouching for one another), 2401-2403 (reported once on the same code, a second
 * sample of it; then 2402's operation in everyday fingerprints was studied), 2501-2503 (reported
 * once on the repeat senders of template sets), 2601-2603 (reported once on the same code, a
 * second sample of it; then 2601's VPN operation was studied), 2701-2703 (reported once on template
 * sets excused by their repeat senders), 2801-2803 (reported once on a set taking its repeat
 * senders' operator evidence and low-volume accounts recruited on a template, an address and the
 * wave), 2901-2903 (reported once on the same code, a second sample of it), 3001-3003 (reported
 * once on cards that link their accounts however many share them), 3101-3103 (reported once on
 * wave members and address rotation as an operator's resource).
 */
export const HELD_OUT_ARCHETYPE_SEEDS = [3201, 3202, 3203] as const;
export const ARCHETYPE_SEEDS: Readonly<Record<'tuning' | 'held-out', readonly number[]>> = { tuning: TUNING_ARCHETYPE_SEEDS, 'held-out': HELD_OUT_ARCHETYPE_SEEDS };

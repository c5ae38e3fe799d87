// Purpose: the verdicts a refresh records itself, written in its promotion transaction and
// stamped with its run id (by 'hydrascope'): a dismissed campaign reopened on growth, a split
// piece inheriting its source's verdict, a merge of differently judged campaigns sent back to
// review, a dismissed campaign reopened on new shared evidence, a not_involved account verdict
// carried to the campaign that continues its campaign.
// A campaign verdict is written only while `based_on` is still the campaign's latest verdict
// (null: it has none), so an analyst's verdict given during the refresh is never overridden.
// The verdicts take the next numbers of the verdicts' counter (HydrascopeState 'verdicts').
// Parameters: $runId, $verdicts (non-empty list of {verdict_id, scope ('campaign' | 'account'),
// campaign_id, account_id (or null), verdict, reason, note, based_on (or null), size_at_verdict
// (or null), evidence_at_verdict (the campaign's shared evidence keys, or null)}).
MERGE (s:HydrascopeState {name: 'verdicts'})
SET s.version = coalesce(s.version, 0) + size($verdicts), s.updated_at = datetime()
WITH s, s.version - size($verdicts) AS base
UNWIND range(0, size($verdicts) - 1) AS index
WITH s, base, index, $verdicts[index] AS row
CALL {
  WITH row
  OPTIONAL MATCH (latest:Verdict {campaign_id: row.campaign_id})
  WHERE row.scope = 'campaign' AND latest.scope = 'campaign'
  WITH latest
  ORDER BY latest.seq DESC
  LIMIT 1
  RETURN latest.verdict_id AS latest_id
}
WITH s, base, index, row, latest_id
WHERE row.scope = 'account' OR coalesce(latest_id, '') = coalesce(row.based_on, '')
CREATE (v:Verdict {
  verdict_id: row.verdict_id, scope: row.scope, campaign_id: row.campaign_id, account_id: row.account_id,
  verdict: row.verdict, reason: row.reason, note: row.note, by: 'hydrascope', automatic: true, run_id: $runId,
  at: s.updated_at, seq: base + index + 1, size_at_verdict: row.size_at_verdict, evidence_at_verdict: row.evidence_at_verdict
})
RETURN count(v) AS created

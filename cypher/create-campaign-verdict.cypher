// Purpose: record an analyst's verdict on a campaign (PUT /api/v1/campaigns/{id}/verdict), kept
// as history on the stable campaign_id, so it survives refreshes. The verdict notes the
// campaign's size (its latest snapshot, the current one first) to measure later growth against
// and the evidence its members shared then (the snapshot's CampaignGraph.shared_evidence keys),
// against which a later refresh tells new shared evidence; it
// takes the next number of the verdicts' counter (HydrascopeState 'verdicts': orders the history
// and tells the API's cache that verdicts changed), and clears every open alert of the campaign,
// stamping it with this verdict's id and time. No row when no snapshot of the campaign exists.
// Parameters: $verdictId, $campaignId, $verdict ('confirmed' | 'dismissed' | 'under_review'),
// $note, $by (the API key's name).
MATCH (c:Campaign {campaign_id: $campaignId})
WITH c
ORDER BY c:Current DESC, c.created_at DESC
LIMIT 1
MERGE (s:HydrascopeState {name: 'verdicts'})
SET s.version = coalesce(s.version, 0) + 1, s.updated_at = datetime(), s.last_verdict_id = $verdictId
CREATE (v:Verdict {
  verdict_id: $verdictId, scope: 'campaign', campaign_id: $campaignId, verdict: $verdict, note: $note, by: $by,
  at: s.updated_at, seq: s.version, automatic: false, size_at_verdict: c.size, snapshot_run_id: c.run_id,
  evidence_at_verdict: [(c)-[:HAS_GRAPH]->(g:CampaignGraph) | g.shared_evidence][0]
})
WITH v
CALL {
  WITH v
  OPTIONAL MATCH (alert:Alert {campaign_id: v.campaign_id})
  WHERE alert.cleared_at IS NULL
  SET alert.cleared_at = v.at, alert.cleared_by_verdict_id = v.verdict_id
  RETURN count(alert) AS cleared
}
RETURN v {.*} AS verdict, cleared

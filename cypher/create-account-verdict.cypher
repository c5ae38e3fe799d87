// Purpose: record an analyst's verdict on one account in one campaign
// (PUT /api/v1/accounts/{id}/verdict): `not_involved` leaves the account out of that campaign
// from the next refresh on, `confirmed` takes it back. Kept as history on the stable
// campaign_id; takes the next number of the verdicts' counter (HydrascopeState 'verdicts') and
// clears the open alerts about this account in this campaign, stamped with this verdict's id and
// time. No row when the account or every snapshot of the campaign is missing.
// Parameters: $verdictId, $accountId, $campaignId, $verdict ('confirmed' | 'not_involved'),
// $note, $by (the API key's name).
MATCH (a:Account {account_id: $accountId})
WHERE EXISTS { (:Campaign {campaign_id: $campaignId}) }
MERGE (s:HydrascopeState {name: 'verdicts'})
SET s.version = coalesce(s.version, 0) + 1, s.updated_at = datetime(), s.last_verdict_id = $verdictId
CREATE (v:Verdict {
  verdict_id: $verdictId, scope: 'account', campaign_id: $campaignId, account_id: a.account_id, verdict: $verdict,
  note: $note, by: $by, at: s.updated_at, seq: s.version, automatic: false
})
WITH v
CALL {
  WITH v
  OPTIONAL MATCH (alert:Alert {campaign_id: v.campaign_id})
  WHERE alert.account_id = v.account_id AND alert.cleared_at IS NULL
  SET alert.cleared_at = v.at, alert.cleared_by_verdict_id = v.verdict_id
  RETURN count(alert) AS cleared
}
RETURN v {.*} AS verdict, cleared

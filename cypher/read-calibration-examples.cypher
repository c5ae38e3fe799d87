// Purpose: the campaigns an analyst reviewed (latest campaign verdict confirmed or dismissed,
// given by an analyst, not by a refresh), each with the explanation of its latest kept snapshot
// (the current one first), for `hydrascope calibrate`. A campaign whose snapshots were all pruned
// comes without an explanation.
// Parameters: none.
MATCH (v:Verdict)
WHERE v.scope = 'campaign'
WITH v
ORDER BY v.seq DESC
WITH v.campaign_id AS campaign_id, collect(v)[0] AS latest
WHERE latest.automatic = false AND latest.verdict IN ['confirmed', 'dismissed']
CALL {
  WITH campaign_id
  OPTIONAL MATCH (c:Campaign {campaign_id: campaign_id})
  WITH c
  ORDER BY c:Current DESC, c.created_at DESC
  LIMIT 1
  RETURN c.explanation_json AS explanation_json, c.run_id AS snapshot_run_id
}
RETURN campaign_id, latest.verdict AS verdict, explanation_json, snapshot_run_id
ORDER BY campaign_id

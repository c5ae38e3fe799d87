// Purpose: the latest campaign verdict of every judged campaign, for the refresh to apply
// (src/campaigns/apply-verdicts.ts).
// Parameters: none.
MATCH (v:Verdict)
WHERE v.scope = 'campaign'
WITH v
ORDER BY v.seq DESC
WITH v.campaign_id AS campaign_id, collect(v)[0] AS latest
RETURN campaign_id, latest.verdict_id AS verdict_id, latest.verdict AS verdict, latest.size_at_verdict AS size_at_verdict,
       latest.evidence_at_verdict AS evidence_at_verdict

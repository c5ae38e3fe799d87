// Purpose: the latest campaign verdict of each judged campaign: of the given campaigns (the
// campaign list and detail show it), or of every campaign (the refresh applies them).
// Parameters: $campaignIds (list of campaign ids, or null for all).
MATCH (v:Verdict)
WHERE v.scope = 'campaign' AND ($campaignIds IS NULL OR v.campaign_id IN $campaignIds)
WITH v
ORDER BY v.seq DESC
WITH v.campaign_id AS campaign_id, collect(v)[0] AS latest
RETURN campaign_id, latest.verdict_id AS verdict_id, latest.verdict AS verdict, latest.note AS note, latest.by AS by,
       latest.at AS at, latest.automatic AS automatic, latest.reason AS reason, latest.size_at_verdict AS size_at_verdict

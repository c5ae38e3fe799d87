// Purpose: a campaign's verdict history, newest first, campaign and account verdicts, the
// analysts' and the refresh's (GET /api/v1/campaigns/{id}/verdicts), with its latest campaign
// verdict and whether the campaign is known at all (a snapshot or a verdict). Ordered by the
// verdicts' counter `seq`, which the cursor ($afterSeq) repeats exactly.
// Parameters: $campaignId, $afterSeq (seq of the previous page's last entry, or null), $limit.
CALL {
  OPTIONAL MATCH (v:Verdict {campaign_id: $campaignId})
  WHERE v.scope = 'campaign'
  WITH v
  ORDER BY v.seq DESC
  LIMIT 1
  RETURN v {.*} AS current
}
CALL {
  MATCH (v:Verdict {campaign_id: $campaignId})
  WHERE $afterSeq IS NULL OR v.seq < $afterSeq
  WITH v
  ORDER BY v.seq DESC
  LIMIT toInteger($limit)
  RETURN collect(v {.*}) AS page
}
RETURN EXISTS { (:Campaign {campaign_id: $campaignId}) } OR current IS NOT NULL AS known, current, page

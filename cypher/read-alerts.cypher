// Purpose: one page of alerts, newest first (GET /api/v1/alerts), filtered by kind, state (open:
// no verdict on its campaign since it was raised) and campaign, with the count of all matching.
// Ordered by creation time in epoch milliseconds and alert id, which the cursor (afterMs,
// afterId) repeats exactly.
// Parameters: $kinds (list or null), $state ('open' | 'cleared' | 'all'), $campaignId (or null),
// $afterMs (epoch ms or null), $afterId (or null), $limit.
CALL {
  MATCH (a:Alert)
  WHERE ($kinds IS NULL OR a.kind IN $kinds)
    AND ($campaignId IS NULL OR a.campaign_id = $campaignId)
    AND ($state = 'all' OR ($state = 'open') = (a.cleared_at IS NULL))
  RETURN count(a) AS total
}
CALL {
  MATCH (a:Alert)
  WHERE ($kinds IS NULL OR a.kind IN $kinds)
    AND ($campaignId IS NULL OR a.campaign_id = $campaignId)
    AND ($state = 'all' OR ($state = 'open') = (a.cleared_at IS NULL))
  WITH a, a.created_at.epochMillis AS createdMs
  WHERE $afterId IS NULL OR createdMs < $afterMs OR (createdMs = $afterMs AND a.alert_id < $afterId)
  WITH a, createdMs
  ORDER BY createdMs DESC, a.alert_id DESC
  LIMIT toInteger($limit)
  RETURN collect({
    alert_id: a.alert_id, created_ms: createdMs, kind: a.kind, campaign_id: a.campaign_id, account_id: a.account_id,
    run_id: a.run_id, created_at: a.created_at, detail: a.detail, size: a.size, previous_size: a.previous_size,
    cleared_at: a.cleared_at, cleared_by_verdict_id: a.cleared_by_verdict_id
  }) AS page
}
RETURN total, page

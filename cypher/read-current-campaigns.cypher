// Purpose: one page of the current campaigns (GET /api/v1/campaigns), filtered, sorted by a
// whitelisted key and counted. The sort key comes from a CASE over $sortField (never spliced
// into the text); $direction (1 or -1) makes every order ascending on sortKey, and campaign_id
// breaks ties, so a cursor (afterKey, afterId) resumes exactly after the last row of a page.
// Parameters: $minScore (float or null), $minSize (int or null), $statuses (list or null),
// $activeSince (ISO timestamp or null), $sortField ('score' | 'size' | 'last_activity' |
// 'first_activity' | 'id'), $direction (1 or -1), $afterKey (float or null), $afterId (string or
// null), $limit.
MATCH (c:Campaign:Current)
WHERE ($minScore IS NULL OR c.score >= $minScore)
  AND ($minSize IS NULL OR c.size >= $minSize)
  AND ($statuses IS NULL OR c.status IN $statuses)
  AND ($activeSince IS NULL OR c.last_activity_at >= datetime($activeSince))
WITH c, $direction * CASE $sortField
    WHEN 'score' THEN toFloat(c.score)
    WHEN 'size' THEN toFloat(c.size)
    WHEN 'last_activity' THEN toFloat(coalesce(c.last_activity_at.epochMillis, 0))
    WHEN 'first_activity' THEN toFloat(coalesce(c.first_activity_at.epochMillis, 0))
    ELSE 0.0
  END AS sortKey
ORDER BY sortKey, c.campaign_id
WITH collect({
  sort_key: sortKey, campaign_id: c.campaign_id, run_id: c.run_id, score: c.score, size: c.size, status: c.status,
  first_activity_at: c.first_activity_at, last_activity_at: c.last_activity_at, top_signals: c.top_signals,
  first_seen_run_id: c.first_seen_run_id
}) AS ordered
RETURN size(ordered) AS total,
       [row IN ordered WHERE $afterId IS NULL OR row.sort_key > $afterKey OR (row.sort_key = $afterKey AND row.campaign_id > $afterId)][0..toInteger($limit)] AS page

// Purpose: one page of the current campaigns (GET /api/v1/campaigns), filtered, sorted by a
// whitelisted key and counted. Every listed field is a property of the snapshot (written by the
// refresh), so nothing is aggregated over members; the page is a top-k (ORDER BY ... LIMIT) over
// the :Current label's nodes, never a sort of everything. The sort key comes from a CASE over
// $sortField (never spliced into the text); $direction (1 or -1) makes every order ascending on
// sortKey, and campaign_id breaks ties, so a cursor (afterKey, afterId) resumes exactly after the
// last row of a page. Each row of the page carries its campaign's latest verdict (a lookup by
// campaign_id for the page's rows only) and the id of the operation it is part of.
// Parameters: $minScore (float or null), $minSize (int or null), $statuses (list or null),
// $activeSinceMs (epoch milliseconds or null: an instant, since Neo4j refuses zone offsets
// beyond ±18:00 that RFC 3339 allows), $sortField ('score' | 'size' | 'last_activity' |
// 'first_activity' | 'id'), $direction (1 or -1), $afterKey (float or null), $afterId (string or
// null), $limit.
CALL {
  MATCH (c:Campaign:Current)
  WHERE ($minScore IS NULL OR c.score >= $minScore)
    AND ($minSize IS NULL OR c.size >= $minSize)
    AND ($statuses IS NULL OR c.status IN $statuses)
    AND ($activeSinceMs IS NULL OR c.last_activity_at >= datetime({epochMillis: $activeSinceMs}))
  RETURN count(c) AS total
}
CALL {
  MATCH (c:Campaign:Current)
  WHERE ($minScore IS NULL OR c.score >= $minScore)
    AND ($minSize IS NULL OR c.size >= $minSize)
    AND ($statuses IS NULL OR c.status IN $statuses)
    AND ($activeSinceMs IS NULL OR c.last_activity_at >= datetime({epochMillis: $activeSinceMs}))
  WITH c, $direction * CASE $sortField
      WHEN 'score' THEN toFloat(c.score)
      WHEN 'size' THEN toFloat(c.size)
      WHEN 'last_activity' THEN toFloat(coalesce(c.last_activity_at.epochMillis, 0))
      WHEN 'first_activity' THEN toFloat(coalesce(c.first_activity_at.epochMillis, 0))
      ELSE 0.0
    END AS sortKey
  WHERE $afterId IS NULL OR sortKey > $afterKey OR (sortKey = $afterKey AND c.campaign_id > $afterId)
  WITH c, sortKey
  ORDER BY sortKey, c.campaign_id
  LIMIT toInteger($limit)
  CALL {
    WITH c
    OPTIONAL MATCH (v:Verdict {campaign_id: c.campaign_id})
    WHERE v.scope = 'campaign'
    WITH v
    ORDER BY v.seq DESC
    LIMIT 1
    RETURN CASE WHEN v IS NULL THEN null ELSE v {.verdict, .by, .at, .note, .automatic} END AS verdict
  }
  WITH c, sortKey, verdict
  ORDER BY sortKey, c.campaign_id
  RETURN collect({
    sort_key: sortKey, campaign_id: c.campaign_id, run_id: c.run_id, score: c.score, size: c.size, status: c.status,
    first_activity_at: c.first_activity_at, last_activity_at: c.last_activity_at, top_signals: c.top_signals,
    first_seen_run_id: c.first_seen_run_id, operation_id: c.operation_id, verdict: verdict
  }) AS page
}
RETURN total, page

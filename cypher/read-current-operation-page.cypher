// Purpose: one page of the current operations (GET /api/v1/operations): groups of current
// campaigns that share what only an operator shares, each with its campaigns' ids (highest score
// first), the highest campaign score, its accounts and ties; counted. Operations are ordered by
// their highest campaign score, highest first, ties by operation id; the sort key is the negated
// score, so every order is ascending and a cursor ($afterKey, $afterId) resumes exactly after the
// previous page's last row. Campaigns are few (tens to hundreds), so grouping them all is cheap.
// Parameters: $afterKey (negated highest score of the previous page's last row, or null),
// $afterId (its operation id, or null), $limit.
CALL {
  MATCH (:Campaign:Current)-[:PART_OF]->(o:Operation)
  RETURN count(DISTINCT o) AS total
}
CALL {
  MATCH (c:Campaign:Current)-[:PART_OF]->(o:Operation)
  WITH o, c
  ORDER BY c.score DESC, c.campaign_id
  WITH o, collect(c.campaign_id) AS campaign_ids, max(toFloat(c.score)) AS highest_score
  WITH o, campaign_ids, highest_score, -highest_score AS sortKey
  WHERE $afterId IS NULL OR sortKey > $afterKey OR (sortKey = $afterKey AND o.operation_id > $afterId)
  WITH o, campaign_ids, highest_score, sortKey
  ORDER BY sortKey, o.operation_id
  LIMIT toInteger($limit)
  RETURN collect({
    sort_key: sortKey, operation_id: o.operation_id, run_id: o.run_id, campaign_ids: campaign_ids,
    accounts: o.accounts, ties: coalesce(o.ties, []), highest_score: highest_score
  }) AS page
}
RETURN total, page

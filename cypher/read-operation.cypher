// Purpose: one operation with its campaigns' summaries, highest score first, each with its latest
// verdict (GET /api/v1/operations/{id}): the current one, or the latest kept one when the
// operation left the current result (its campaigns regrouped or dissolved), like campaigns.
// Parameters: $operationId.
MATCH (o:Operation {operation_id: $operationId})
OPTIONAL MATCH (s:HydrascopeState {name: 'current'})
WITH o, o.run_id = s.current_run_id AS current
ORDER BY current DESC, o.created_at DESC
LIMIT 1
CALL {
  WITH o
  MATCH (c:Campaign)-[:PART_OF]->(o)
  CALL {
    WITH c
    OPTIONAL MATCH (v:Verdict {campaign_id: c.campaign_id})
    WHERE v.scope = 'campaign'
    WITH v
    ORDER BY v.seq DESC
    LIMIT 1
    RETURN CASE WHEN v IS NULL THEN null ELSE v {.verdict, .by, .at, .note, .automatic} END AS verdict
  }
  WITH c, verdict
  ORDER BY c.score DESC, c.campaign_id
  RETURN collect({
    campaign_id: c.campaign_id, run_id: c.run_id, score: c.score, size: c.size, status: c.status,
    first_activity_at: c.first_activity_at, last_activity_at: c.last_activity_at, top_signals: c.top_signals,
    first_seen_run_id: c.first_seen_run_id, operation_id: c.operation_id, verdict: verdict
  }) AS campaigns
}
RETURN o.operation_id AS operation_id, o.run_id AS run_id, o.accounts AS accounts, coalesce(o.ties, []) AS ties,
       coalesce(current, false) AS current, campaigns

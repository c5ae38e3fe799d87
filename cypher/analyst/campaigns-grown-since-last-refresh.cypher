// Shows: the current campaigns that are new or larger than in the previous succeeded refresh: size
// then and now, how many accounts joined, and the score change. Run it after every refresh.
// Parameters: none (compares the current refresh with the succeeded one before it).
// Example: no :param needed.
MATCH (state:HydrascopeState {name: 'current'})
WITH head(COLLECT {
  MATCH (run:RefreshRun {status: 'succeeded'}) WHERE run.run_id <> state.current_run_id
  RETURN run.run_id ORDER BY run.finished_at DESC
}) AS previousRunId
MATCH (c:Campaign:Current)
OPTIONAL MATCH (previous:Campaign {campaign_id: c.campaign_id, run_id: previousRunId})
WITH c, previous, previousRunId
WHERE previous IS NULL OR c.size > previous.size
WITH c, previous, previousRunId,
     COLLECT { MATCH (member:Account)-[:MEMBER_OF]->(c) RETURN member.account_id } AS members,
     COLLECT { MATCH (earlier:Account)-[:MEMBER_OF]->(previous) RETURN earlier.account_id } AS previousMembers
RETURN c.campaign_id AS campaign_id, c.status AS status, previousRunId AS previous_run_id,
       previous.size AS previous_size, c.size AS size, c.size - coalesce(previous.size, 0) AS growth,
       size([member IN members WHERE NOT member IN previousMembers]) AS joined,
       previous.score AS previous_score, c.score AS score
ORDER BY growth DESC, campaign_id

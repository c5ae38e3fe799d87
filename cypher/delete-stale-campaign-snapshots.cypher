// Purpose: prune campaign snapshots of older runs (never the current ones), with their
// memberships and their stored graph (CampaignGraph), in small transactions. Must run as an
// auto-commit query.
// Parameters: $keepRunIds (run ids whose snapshots stay).
MATCH (c:Campaign)
WHERE NOT c:Current AND NOT c.run_id IN $keepRunIds
CALL {
  WITH c
  OPTIONAL MATCH (c)-[:HAS_GRAPH]->(graph:CampaignGraph)
  DETACH DELETE graph, c
} IN TRANSACTIONS OF 20 ROWS

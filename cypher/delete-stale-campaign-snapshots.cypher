// Purpose: prune campaign snapshots of older runs (never the current ones), with their
// memberships, in small transactions. Must run as an auto-commit query.
// Parameters: $keepRunIds (run ids whose snapshots stay).
MATCH (c:Campaign)
WHERE NOT c:Current AND NOT c.run_id IN $keepRunIds
CALL { WITH c DETACH DELETE c } IN TRANSACTIONS OF 20 ROWS

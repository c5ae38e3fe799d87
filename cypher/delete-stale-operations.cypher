// Purpose: prune operations of runs whose campaign snapshots are gone (older runs, failed runs),
// in small transactions. Must run as an auto-commit query.
// Parameters: $keepRunIds (run ids whose operations stay).
MATCH (o:Operation)
WHERE NOT o.run_id IN $keepRunIds
CALL { WITH o DETACH DELETE o } IN TRANSACTIONS OF 200 ROWS

// Purpose: remove the event-id ledger (Event nodes have no relationships, so large batches are
// cheap). Runs before delete-hydrascope-data. Must run as an auto-commit query.
// Parameters: none.
MATCH (e:Event)
CALL { WITH e DELETE e } IN TRANSACTIONS OF 20000 ROWS

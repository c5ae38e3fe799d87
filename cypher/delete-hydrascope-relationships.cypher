// Purpose: remove every relationship that starts at a node hydrascope wrote, in batches, before
// delete-hydrascope-data removes the nodes. Deleting a node deletes its relationships in the same
// transaction, and at `seed` scale a prompt fingerprint holds tens of thousands of them: batches
// of nodes then outgrew Neo4j's transaction memory pool. A deleted relationship on a dense node
// takes about 2.5 KiB of transaction memory, so 2,000 a batch stay near 5 MiB.
// Parameters: none. Must run as an auto-commit query (CALL { } IN TRANSACTIONS).
MATCH (n)-[r]->()
WHERE n:Account OR n:IP OR n:PaymentMethod OR n:PromptFingerprint OR n:IngestChunk OR n:IngestBatch
   OR n:Campaign OR n:CampaignGraph OR n:RefreshRun OR n:Lock OR n:HydrascopeState OR n:Verdict OR n:Alert OR n:Operation
CALL { WITH r DELETE r } IN TRANSACTIONS OF 2000 ROWS

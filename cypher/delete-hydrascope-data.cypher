// Purpose: remove every node hydrascope wrote (all its labels), in batches so a large graph
// does not need one huge transaction. Used by `hydrascope reset --yes` and by tests, after
// delete-hydrascope-relationships; DETACH still removes any relationship left pointing in.
// Small batches: an IngestChunk node holds up to 20,000 event ids.
// Parameters: none. Must run as an auto-commit query (CALL { } IN TRANSACTIONS).
MATCH (n)
WHERE n:Account OR n:IP OR n:PaymentMethod OR n:PromptFingerprint OR n:IngestChunk OR n:IngestBatch
   OR n:Campaign OR n:CampaignGraph OR n:RefreshRun OR n:Lock OR n:HydrascopeState OR n:Verdict OR n:Alert OR n:Operation OR n:Calibration
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 500 ROWS

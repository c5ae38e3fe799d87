// Purpose (tests): how many nodes of hydrascope's labels the database holds, and how many
// relationships start at them, to show a reset left none.
// Parameters: none.
MATCH (n)
WHERE n:Account OR n:IP OR n:PaymentMethod OR n:PromptFingerprint OR n:IngestChunk OR n:IngestBatch
   OR n:Campaign OR n:CampaignGraph OR n:RefreshRun OR n:Lock OR n:HydrascopeState OR n:Verdict OR n:Alert OR n:Operation OR n:Calibration
RETURN count(n) AS nodes, sum(COUNT { (n)-[]->() }) AS relationships

// Purpose: add a chunk's per-(account, prompt fingerprint) usage to SENT_PROMPT relationships.
// Parameters: one entry per row in $accountIds and $keys (fingerprints); $numbers holds 5 per
// row: events, input_tokens, output_tokens, first, last (epoch ms), whole numbers sent as floats
// (columns pack far faster than a map per row) and turned back into integers here; $runId.
// Index hints: plans cached while the graph was small must not turn into scans later.
UNWIND range(0, size($accountIds) - 1) AS row
WITH $accountIds[row] AS accountId, $keys[row] AS fingerprint, row * 5 AS at
MATCH (a:Account {account_id: accountId})
USING INDEX a:Account(account_id)
MATCH (f:PromptFingerprint {fingerprint: fingerprint})
USING INDEX f:PromptFingerprint(fingerprint)
MERGE (a)-[r:SENT_PROMPT]->(f)
WITH r, toInteger($numbers[at]) AS events, toInteger($numbers[at + 1]) AS inputTokens, toInteger($numbers[at + 2]) AS outputTokens,
     datetime({epochMillis: toInteger($numbers[at + 3])}) AS first, datetime({epochMillis: toInteger($numbers[at + 4])}) AS last
SET r.events = coalesce(r.events, 0) + events,
    r.input_tokens = coalesce(r.input_tokens, 0) + inputTokens,
    r.output_tokens = coalesce(r.output_tokens, 0) + outputTokens,
    r.first_seen = CASE WHEN r.first_seen IS NULL OR first < r.first_seen THEN first ELSE r.first_seen END,
    r.last_seen = CASE WHEN r.last_seen IS NULL OR last > r.last_seen THEN last ELSE r.last_seen END,
    r.run_id = $runId

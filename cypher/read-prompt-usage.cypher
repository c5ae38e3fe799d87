// Purpose: every (account, prompt fingerprint) usage with the fingerprint's intent, for the
// linkage refresh.
// Parameters: none. Streamed (one row per SENT_PROMPT relationship).
MATCH (a:Account)-[r:SENT_PROMPT]->(f:PromptFingerprint)
RETURN a.account_id AS account_id, f.fingerprint AS fingerprint, f.intent AS intent, r.events AS events, r.output_tokens AS output_tokens

// Purpose: every account's prompt fingerprint usage (fingerprint, its intent, events), for the
// linkage refresh.
// Parameters: none. Streamed, one row per account that sent prompts, with parallel lists (see
// read-ip-usage.cypher for why).
MATCH (a:Account)
WITH a, [(a)-[r:SENT_PROMPT]->(f:PromptFingerprint) | [f.fingerprint, f.intent, r.events]] AS uses
WHERE size(uses) > 0
RETURN a.account_id AS account_id,
       [use IN uses | use[0]] AS fingerprints,
       [use IN uses | use[1]] AS intents,
       [use IN uses | use[2]] AS events

// Purpose: the prompt fingerprint families already in the graph, most used first, to warm the
// fingerprinter so a new batch maps its prompts onto the same families.
// Parameters: $limit (how many families at most).
MATCH (f:PromptFingerprint) WHERE f.simhash IS NOT NULL
RETURN f.fingerprint AS fingerprint, f.simhash AS simhash, COUNT { (f)<-[:SENT_PROMPT]-() } AS accounts
ORDER BY accounts DESC, fingerprint
LIMIT $limit

// Purpose: the prompt fingerprint families already in the graph, most used first, to warm the
// fingerprinter so a new batch maps its prompts onto the same families.
// Only families whose SimHash was computed the way the fingerprinter computes it now ($scheme):
// nodes written before the scheme was stamped, or under other settings, are left out.
// Parameters: $limit (how many families at most), $scheme (sketchScheme of the fingerprinter's options).
MATCH (f:PromptFingerprint) WHERE f.simhash IS NOT NULL AND f.scheme = $scheme
RETURN f.fingerprint AS fingerprint, f.simhash AS simhash, COUNT { (f)<-[:SENT_PROMPT]-() } AS accounts
ORDER BY accounts DESC, fingerprint
LIMIT $limit

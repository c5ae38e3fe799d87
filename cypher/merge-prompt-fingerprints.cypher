// Purpose: create the PromptFingerprint nodes a chunk names (never the prompt text itself).
// Parameters: $fingerprints (list of {fingerprint, simhash (hex or null), intent}), $scheme (how
// the SimHash was computed, see sketchScheme), $runId.
UNWIND $fingerprints AS row
MERGE (f:PromptFingerprint {fingerprint: row.fingerprint})
ON CREATE SET f.simhash = row.simhash, f.intent = row.intent, f.scheme = $scheme, f.run_id = $runId

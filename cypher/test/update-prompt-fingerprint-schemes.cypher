// Purpose (tests): stamp every PromptFingerprint node with another sketch scheme, as if a graph
// had been loaded by a fingerprinter that computed its SimHashes differently.
// Parameters: $scheme.
MATCH (f:PromptFingerprint)
SET f.scheme = $scheme

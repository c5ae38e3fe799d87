// Purpose (tests): how many PromptFingerprint nodes each sketch scheme has (null: none recorded).
// Parameters: none.
MATCH (f:PromptFingerprint)
RETURN f.scheme AS scheme, count(*) AS fingerprints
ORDER BY scheme

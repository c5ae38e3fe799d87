// Schema: one PromptFingerprint per fingerprint.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT prompt_fingerprint_unique IF NOT EXISTS FOR (f:PromptFingerprint) REQUIRE f.fingerprint IS UNIQUE

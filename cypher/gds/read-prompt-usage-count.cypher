// Purpose: sizes for the gds engine's memory estimate: accounts, prompt fingerprints and
// account-fingerprint uses (count store lookups, no scan).
// Parameters: none.
RETURN COUNT { (:Account) } AS accounts, COUNT { (:PromptFingerprint) } AS fingerprints, COUNT { ()-[:SENT_PROMPT]->() } AS prompt_uses

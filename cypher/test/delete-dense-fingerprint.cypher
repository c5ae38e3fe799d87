// Purpose (tests): delete the dense test fingerprint with all its relationships in one
// transaction, to show that one transaction cannot hold them all.
// Parameters: none.
MATCH (f:PromptFingerprint {fingerprint: 'dense-fingerprint'})
DETACH DELETE f

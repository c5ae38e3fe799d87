// Schema: find an organisation's accounts.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE INDEX account_org IF NOT EXISTS FOR (a:Account) ON (a.org_id)

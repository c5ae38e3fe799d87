// Purpose: upsert Account nodes from an accounts file (sign-up data; activity is kept).
// Parameters: $accounts (list of {account_id, created_at (epoch ms), email_domain, country,
// plan, org_id}), $runId.
UNWIND $accounts AS row
MERGE (a:Account {account_id: row.account_id})
ON CREATE SET a.event_count = 0, a.input_tokens = 0, a.output_tokens = 0, a.extraction_events = 0
SET a.created_at = datetime({epochMillis: row.created_at}),
    a.email_domain = row.email_domain,
    a.country = row.country,
    a.plan = row.plan,
    a.org_id = row.org_id,
    a.described = true,
    a.run_id = $runId

// Purpose: upsert PaymentMethod nodes and PAID_WITH links from a payments file.
// Parameters: $payments (list of {account_id, payment_fingerprint, kind, bin, country,
// first_used_at (epoch ms or null)}), $runId.
UNWIND $payments AS row
MERGE (a:Account {account_id: row.account_id})
ON CREATE SET a.described = false, a.event_count = 0, a.input_tokens = 0, a.output_tokens = 0, a.extraction_events = 0, a.run_id = $runId
MERGE (p:PaymentMethod {payment_fingerprint: row.payment_fingerprint})
SET p.kind = coalesce(row.kind, p.kind), p.bin = coalesce(row.bin, p.bin), p.country = coalesce(row.country, p.country), p.run_id = $runId
MERGE (a)-[r:PAID_WITH]->(p)
SET r.first_used_at = CASE WHEN row.first_used_at IS NULL THEN r.first_used_at ELSE datetime({epochMillis: row.first_used_at}) END,
    r.run_id = $runId

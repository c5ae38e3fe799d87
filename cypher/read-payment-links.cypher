// Purpose: every (account, payment instrument) link with the instrument's kind and issuer, for
// the linkage refresh.
// Parameters: none. Streamed (one row per PAID_WITH relationship).
MATCH (a:Account)-[:PAID_WITH]->(p:PaymentMethod)
RETURN a.account_id AS account_id, p.payment_fingerprint AS payment_fingerprint, p.kind AS kind, p.bin AS bin

// Purpose: every account's payment instruments with their kind and issuer, for the linkage
// refresh.
// Parameters: none. Streamed, one row per account with a payment instrument, with parallel
// lists (see read-ip-usage.cypher for why).
MATCH (a:Account)
WITH a, [(a)-[:PAID_WITH]->(p:PaymentMethod) | [p.payment_fingerprint, p.kind, p.bin]] AS links
WHERE size(links) > 0
RETURN a.account_id AS account_id,
       [link IN links | link[0]] AS payment_fingerprints,
       [link IN links | link[1]] AS kinds,
       [link IN links | link[2]] AS bins

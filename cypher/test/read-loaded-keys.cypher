// Purpose (tests): the keys of everything an ingest wrote, to compare with the accepted rows
// exactly (ids must arrive byte for byte).
// Parameters: none.
CALL { MATCH (a:Account) RETURN collect(a.account_id) AS accounts }
CALL { MATCH (c:IngestChunk) UNWIND coalesce(c.event_ids, []) AS eventId RETURN collect(eventId) AS events }
CALL { MATCH (p:PaymentMethod) RETURN collect(p.payment_fingerprint) AS payment_methods }
CALL { MATCH (i:IP) RETURN collect(i.address) AS addresses }
CALL { MATCH ()-[r:PAID_WITH]->() RETURN count(r) AS payment_links }
RETURN accounts, events, payment_methods, addresses, payment_links

// Purpose: an account's strongest links to other accounts with the evidence for each: the
// addresses, payment methods and prompt fingerprints they share. A shared entity weighs
// kindWeight / log2(1 + accounts on it), so rare shared things count most. The work is bounded
// whatever the account looks like: entities used by more than $maxSharedBy accounts (carrier
// NATs, public templates) are skipped (their account count is a degree lookup, never a walk);
// only the $entityLimit rarest shared entities are followed; and on each, at most
// $neighboursPerEntity other accounts, those with the most events on it. Each entity's evidence
// is read once, before its accounts are expanded.
// Parameters: $accountId, $weights ({ip, payment, prompt}), $maxSharedBy, $entityLimit,
// $neighboursPerEntity, $limit.
MATCH (a:Account {account_id: $accountId})-[:USED_IP|PAID_WITH|SENT_PROMPT]->(x)
WITH a, x, COUNT { (x)<-[:USED_IP|PAID_WITH|SENT_PROMPT]-() } AS sharedBy
WHERE sharedBy > 1 AND sharedBy <= $maxSharedBy
WITH a, x, sharedBy, CASE WHEN x:IP THEN 'ip' WHEN x:PaymentMethod THEN 'payment' ELSE 'prompt' END AS kind
WITH a, x, sharedBy, kind, $weights[kind] * log(2) / log(1 + sharedBy) AS contribution
ORDER BY contribution DESC, sharedBy
LIMIT toInteger($entityLimit)
WITH a, x, {
  kind: kind, key: coalesce(x.address, x.payment_fingerprint, x.fingerprint), shared_by: sharedBy,
  payment_kind: x.kind, bin: x.bin, intent: x.intent, contribution: contribution
} AS item
CALL {
  WITH a, x
  MATCH (x)<-[r:USED_IP|PAID_WITH|SENT_PROMPT]-(b:Account)
  WHERE b <> a
  WITH b, coalesce(r.events, 1) AS events
  ORDER BY events DESC, b.account_id
  LIMIT toInteger($neighboursPerEntity)
  RETURN b
}
WITH b, collect(item) AS shared
WITH b, shared, reduce(total = 0.0, item IN shared | total + item.contribution) AS strength
ORDER BY strength DESC, b.account_id
LIMIT toInteger($limit)
OPTIONAL MATCH (b)-[:MEMBER_OF]->(bc:Campaign:Current)
RETURN b.account_id AS account_id, strength, bc.campaign_id AS campaign_id, shared
ORDER BY strength DESC, account_id

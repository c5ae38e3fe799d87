// Shows: every account tied to one payment method (card, prepaid card, wallet), with its sign-up
// date, activity and the current campaign it belongs to, if any. Many fresh accounts on one
// instrument, all in one campaign, is the classic farm.
// Parameters: $paymentFingerprint (PaymentMethod.payment_fingerprint).
// Example (the most shared payment method; or paste one: :param paymentFingerprint => 'pm_kxw05z8338y2xebbsc'):
// :param paymentFingerprint => COLLECT { MATCH (a:Account)-[:PAID_WITH]->(p:PaymentMethod) WITH p, count(a) AS accounts RETURN p.payment_fingerprint ORDER BY accounts DESC, p.payment_fingerprint }[0]
MATCH (payment:PaymentMethod {payment_fingerprint: $paymentFingerprint})<-[paid:PAID_WITH]-(account:Account)
OPTIONAL MATCH (account)-[:MEMBER_OF]->(c:Campaign:Current)
RETURN payment.payment_fingerprint AS payment_fingerprint, payment.kind AS kind, payment.bin AS bin,
       account.account_id AS account_id, account.created_at AS created_at, paid.first_used_at AS first_used_at,
       account.event_count AS events, c.campaign_id AS campaign_id, c.score AS campaign_score
ORDER BY created_at, account_id

// Purpose: the subgraph of a current campaign (GET /api/v1/campaigns/{id}/graph): each member
// account with its addresses, payment methods and prompt fingerprints. The API ranks nodes by
// importance and cuts to the requested limit.
// Parameters: $campaignId.
MATCH (c:Campaign:Current {campaign_id: $campaignId})
MATCH (a:Account)-[:MEMBER_OF]->(c)
OPTIONAL MATCH (a)-[r:USED_IP|PAID_WITH|SENT_PROMPT]->(x)
WITH a, collect(CASE WHEN r IS NULL THEN null ELSE {
  type: type(r), key: coalesce(x.address, x.payment_fingerprint, x.fingerprint), events: r.events,
  network: x.network, payment_kind: x.kind, intent: x.intent
} END) AS links
RETURN a.account_id AS account_id, a.event_count AS event_count, a.country AS country, a.plan AS plan, links

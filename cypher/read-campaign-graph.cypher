// Purpose: the subgraph of a current campaign built on request, for snapshots that carry no
// stored graph (GET /api/v1/campaigns/{id}/graph): its most active member accounts (at most
// $memberLimit, so a campaign of thousands never builds one huge result) with their addresses,
// payment methods and prompt fingerprints, and the total member count. The API ranks the nodes
// exactly as the refresh does for stored graphs (src/campaigns/campaign-graph.ts).
// Parameters: $campaignId, $memberLimit.
MATCH (c:Campaign:Current {campaign_id: $campaignId})
WITH c, COUNT { (:Account)-[:MEMBER_OF]->(c) } AS members_total
MATCH (a:Account)-[:MEMBER_OF]->(c)
WITH a, members_total
ORDER BY coalesce(a.event_count, 0) DESC, a.account_id
LIMIT toInteger($memberLimit)
OPTIONAL MATCH (a)-[r:USED_IP|PAID_WITH|SENT_PROMPT]->(x)
WITH a, members_total, collect(CASE WHEN r IS NULL THEN null ELSE {
  type: type(r), key: coalesce(x.address, x.payment_fingerprint, x.fingerprint), events: r.events,
  network: x.network, payment_kind: x.kind, intent: x.intent
} END) AS links
// Addresses the account alone used: kept on the IP node (owner_*), listed on the account.
WITH a, members_total, links + COLLECT {
  MATCH (i:IP) WHERE i.address IN coalesce(a.private_addresses, []) AND i.owner = a.account_id
  RETURN {type: 'USED_IP', key: i.address, events: i.owner_events, network: i.network, payment_kind: null, intent: null}
} AS links
RETURN a.account_id AS account_id, coalesce(a.event_count, 0) AS event_count, a.country AS country, a.plan AS plan, links, members_total

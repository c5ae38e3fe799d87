// Purpose: what the aggregated view of a current campaign's graph is built from
// (GET /api/v1/campaigns/{id}/graph?view=aggregated, src/campaigns/campaign-aggregate.ts): every
// member account with its activity, and the $hubLimit entities of the campaign's shared evidence
// (the keys a refresh keeps on its CampaignGraph: payment methods, rare addresses, fingerprints of
// its own) that most members tie to (then the rarest overall, then by key), each with the members
// tied to it and how many accounts use it in all, and how many such entities there are. A large
// campaign shares thousands of rare addresses: each is counted, only the drawn ones list their
// members. One row; no row means the campaign is not current. Snapshots written before shared
// evidence was kept give no entities.
// Parameters: $campaignId, $hubLimit.
MATCH (c:Campaign:Current {campaign_id: $campaignId})
OPTIONAL MATCH (c)-[:HAS_GRAPH]->(g:CampaignGraph)
WITH c, coalesce(g.shared_evidence, []) AS evidence_keys
CALL {
  WITH c
  MATCH (a:Account)-[:MEMBER_OF]->(c)
  RETURN collect({account_id: a.account_id, event_count: coalesce(a.event_count, 0), country: a.country, plan: a.plan}) AS members
}
CALL {
  WITH c, evidence_keys
  WITH c, [k IN evidence_keys WHERE k STARTS WITH 'ip:' | substring(k, 3)] AS ip_keys,
       [k IN evidence_keys WHERE k STARTS WITH 'payment:' | substring(k, 8)] AS payment_keys,
       [k IN evidence_keys WHERE k STARTS WITH 'prompt:' | substring(k, 7)] AS prompt_keys
  CALL {
    WITH ip_keys
    MATCH (x:IP)
    WHERE x.address IN ip_keys
    RETURN x, 'ip' AS kind, x.address AS key, x.network AS detail
    UNION ALL
    WITH payment_keys
    MATCH (x:PaymentMethod)
    WHERE x.payment_fingerprint IN payment_keys
    RETURN x, 'payment' AS kind, x.payment_fingerprint AS key, x.kind AS detail
    UNION ALL
    WITH prompt_keys
    MATCH (x:PromptFingerprint)
    WHERE x.fingerprint IN prompt_keys
    RETURN x, 'prompt' AS kind, x.fingerprint AS key, x.intent AS detail
  }
  WITH c, x, kind, key, detail, COUNT { (x)<-[:USED_IP|PAID_WITH|SENT_PROMPT]-(:Account)-[:MEMBER_OF]->(c) } AS tied
  WHERE tied >= 2
  // Every usage relationship comes from an account: the node's degree, not a walk.
  WITH c, x, kind, key, detail, tied, COUNT { (x)<-[:USED_IP|PAID_WITH|SENT_PROMPT]-() } AS accounts_in_all
  ORDER BY tied DESC, accounts_in_all ASC, kind + ':' + key
  WITH c, collect({node: x, kind: kind, key: key, detail: detail, accounts_in_all: accounts_in_all}) AS shared
  WITH c, size(shared) AS hubs_total, shared[0..toInteger($hubLimit)] AS drawn
  // One row even when nothing is shared (a null hub, left out by collect).
  UNWIND CASE WHEN size(drawn) = 0 THEN [null] ELSE drawn END AS hub
  WITH c, hubs_total, hub, hub.node AS x
  WITH hubs_total, hub, COLLECT { MATCH (x)<-[:USED_IP|PAID_WITH|SENT_PROMPT]-(m:Account)-[:MEMBER_OF]->(c) RETURN DISTINCT m.account_id } AS member_ids
  RETURN hubs_total, collect(CASE WHEN hub IS NULL THEN null ELSE {kind: hub.kind, key: hub.key, detail: hub.detail, accounts_in_all: hub.accounts_in_all, member_ids: member_ids} END) AS hubs
}
RETURN members, hubs, hubs_total

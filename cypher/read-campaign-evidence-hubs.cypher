// Purpose: what the aggregated view of a current campaign's graph is built from
// (GET /api/v1/campaigns/{id}/graph?view=aggregated, src/campaigns/campaign-aggregate.ts): every
// member account with its activity, and each entity of the campaign's shared evidence (the keys a
// refresh keeps on its CampaignGraph: payment methods, rare addresses, fingerprints of its own),
// with the members tied to it and how many accounts use it in all. One row; no row means the
// campaign is not current. Snapshots written before shared evidence was kept give no entities.
// Parameters: $campaignId.
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
  UNWIND evidence_keys AS evidence_key
  WITH c, split(evidence_key, ':')[0] AS kind, evidence_key
  WITH c, kind, substring(evidence_key, size(kind) + 1) AS key
  CALL {
    WITH kind, key
    MATCH (x:IP {address: key})
    WHERE kind = 'ip'
    RETURN x, x.network AS detail
    UNION
    WITH kind, key
    MATCH (x:PaymentMethod {payment_fingerprint: key})
    WHERE kind = 'payment'
    RETURN x, x.kind AS detail
    UNION
    WITH kind, key
    MATCH (x:PromptFingerprint {fingerprint: key})
    WHERE kind = 'prompt'
    RETURN x, x.intent AS detail
  }
  RETURN collect({
    kind: kind, key: key, detail: detail,
    accounts_in_all: COUNT { (x)<-[:USED_IP|PAID_WITH|SENT_PROMPT]-(:Account) },
    member_ids: COLLECT { MATCH (x)<-[:USED_IP|PAID_WITH|SENT_PROMPT]-(m:Account)-[:MEMBER_OF]->(c) RETURN DISTINCT m.account_id }
  }) AS hubs
}
RETURN members, hubs

// Shows: one current campaign's graph for the Browser's graph view: the campaign, its member
// accounts (most active first, at most $maxAccounts) and the addresses, payment methods and prompt
// fingerprints at least two of them used: where the members meet (of each kind the 20 that most
// of them share, so the graph stays drawable). One row per node, each node once: the campaign,
// then each account with its membership, then each shared entity with the links to it (the most
// shared first). The campaign's stored graph (a CampaignGraph node, about 1 MB) is not returned.
// Parameters: $campaignId (campaign id, stable across refreshes), $maxAccounts (integer).
// Example (the top campaign; or paste an id: :param campaignId => 'cmp-41f94d84137d'):
// :param campaignId => COLLECT { MATCH (c:Campaign:Current) RETURN c.campaign_id ORDER BY c.score DESC, c.campaign_id }[0]
// :param maxAccounts => 200
MATCH (campaign:Campaign:Current {campaign_id: $campaignId})
CALL {
  WITH campaign
  MATCH (campaign)<-[membership:MEMBER_OF]-(account:Account)
  WITH membership, account
  ORDER BY account.event_count DESC, account.account_id
  LIMIT toInteger($maxAccounts)
  RETURN collect({node: account, relationships: [membership]}) AS members
}
CALL {
  WITH members
  UNWIND members AS member
  WITH member.node AS account
  MATCH (account)-[link:USED_IP|PAID_WITH|SENT_PROMPT]->(entity)
  WITH entity, type(link) AS kind, collect(link) AS links
  WHERE size(links) > 1
  WITH entity, kind, links, coalesce(entity.address, entity.payment_fingerprint, entity.fingerprint) AS key
  ORDER BY size(links) DESC, key
  WITH kind, collect({node: entity, relationships: links, key: key})[0..20] AS kept
  UNWIND kept AS part
  WITH part
  ORDER BY size(part.relationships) DESC, part.key
  RETURN collect(part {.node, .relationships}) AS shared
}
UNWIND [{node: campaign, relationships: []}] + members + shared AS part
RETURN part.node AS node, part.relationships AS relationships

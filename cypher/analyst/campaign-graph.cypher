// Shows: one current campaign's full graph for the Browser's graph view: the campaign, its member
// accounts (most active first, at most $maxAccounts) and every address, payment method and prompt
// fingerprint they used. Shared entities are where the members meet. One row per member.
// Parameters: $campaignId (campaign id, stable across refreshes), $maxAccounts (integer).
// Example (the top campaign; or paste an id: :param campaignId => 'cmp-41f94d84137d'):
// :param campaignId => COLLECT { MATCH (c:Campaign:Current) RETURN c.campaign_id ORDER BY c.score DESC, c.campaign_id }[0]
// :param maxAccounts => 200
MATCH (c:Campaign:Current {campaign_id: $campaignId})<-[membership:MEMBER_OF]-(account:Account)
WITH c, membership, account
ORDER BY account.event_count DESC, account.account_id
LIMIT toInteger($maxAccounts)
OPTIONAL MATCH link = (account)-[:USED_IP|PAID_WITH|SENT_PROMPT]->()
RETURN c AS campaign, membership, account, collect(link) AS links

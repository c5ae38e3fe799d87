// Purpose: an account's profile, activity summary and current campaign, if any
// (GET /api/v1/accounts/{id}). Its addresses are its USED_IP relationships and its private ones
// (used by it alone, listed on the account: merge-ip-ownership.cypher).
// Parameters: $accountId.
MATCH (a:Account {account_id: $accountId})
OPTIONAL MATCH (a)-[m:MEMBER_OF]->(c:Campaign:Current)
RETURN a.account_id AS account_id, a.created_at AS created_at, a.email_domain AS email_domain, a.country AS country,
       a.plan AS plan, a.org_id AS org_id, a.event_count AS event_count, a.input_tokens AS input_tokens,
       a.output_tokens AS output_tokens, a.first_event_at AS first_event_at, a.last_event_at AS last_event_at,
       size(coalesce(a.active_days, [])) AS active_days, a.extraction_events AS extraction_events, a.hour_histogram AS hour_histogram,
       COUNT { (a)-[:USED_IP]->() } + size(coalesce(a.private_addresses, [])) AS ip_addresses, COUNT { (a)-[:PAID_WITH]->() } AS payment_methods,
       COUNT { (a)-[:SENT_PROMPT]->() } AS prompt_fingerprints,
       c.campaign_id AS campaign_id, c.score AS campaign_score, c.size AS campaign_size, c.status AS campaign_status,
       m.score AS membership_score
LIMIT 1

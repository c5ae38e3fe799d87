// Purpose: one page of a current campaign's members, ordered by account id
// (GET /api/v1/campaigns/{id}/accounts).
// Parameters: $campaignId, $afterId (account id of the previous page's last row, or null), $limit.
MATCH (c:Campaign:Current {campaign_id: $campaignId})
MATCH (a:Account)-[m:MEMBER_OF]->(c)
WHERE $afterId IS NULL OR a.account_id > $afterId
RETURN a.account_id AS account_id, m.score AS membership_score, a.created_at AS created_at, a.email_domain AS email_domain,
       a.country AS country, a.plan AS plan, a.org_id AS org_id, a.event_count AS event_count,
       a.first_event_at AS first_event_at, a.last_event_at AS last_event_at
ORDER BY a.account_id
LIMIT toInteger($limit)

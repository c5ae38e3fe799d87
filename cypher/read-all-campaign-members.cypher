// Purpose: every member of a current campaign (or every associated account), highest own score
// first (ties by account id), streamed as CSV for enforcement teams
// (GET /api/v1/campaigns/{id}/accounts with text/csv; `role=associated` for associated accounts).
// Parameters: $campaignId, $relationship ('MEMBER_OF' for members, 'ASSOCIATED_WITH' for
// associated accounts).
MATCH (c:Campaign:Current {campaign_id: $campaignId})
MATCH (a:Account)-[m:MEMBER_OF|ASSOCIATED_WITH]->(c)
WHERE type(m) = $relationship
RETURN a.account_id AS account_id, m.score AS membership_score, a.created_at AS created_at, a.email_domain AS email_domain,
       a.country AS country, a.plan AS plan, a.org_id AS org_id, a.event_count AS event_count,
       a.first_event_at AS first_event_at, a.last_event_at AS last_event_at
ORDER BY coalesce(toFloat(m.score), 0.0) DESC, a.account_id

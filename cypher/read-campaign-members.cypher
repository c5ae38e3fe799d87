// Purpose: one page of a current campaign's reported members, or of its associated accounts (in
// its community only through busy shared entities, not reported), ranked by each account's own
// score, highest first, ties by account id (GET /api/v1/campaigns/{id}/accounts), each with the
// ties that bind it (`payment:<key>`, `ip:<key>`, `prompt:<key>`, `burst`). The rank key is the
// score as a float (0 for a relationship written without one), so the cursor ($afterScore,
// $afterId) resumes exactly after the previous page's last row.
// Parameters: $campaignId, $relationship ('MEMBER_OF' for members, 'ASSOCIATED_WITH' for
// associated accounts), $afterScore (float or null), $afterId (account id of the previous page's
// last row, or null), $limit.
MATCH (c:Campaign:Current {campaign_id: $campaignId})
MATCH (a:Account)-[m:MEMBER_OF|ASSOCIATED_WITH]->(c)
WHERE type(m) = $relationship
WITH a, m, coalesce(toFloat(m.score), 0.0) AS rank_score
WHERE $afterId IS NULL OR rank_score < $afterScore OR (rank_score = $afterScore AND a.account_id > $afterId)
RETURN a.account_id AS account_id, m.score AS membership_score, rank_score, coalesce(m.ties, []) AS ties,
       a.created_at AS created_at, a.email_domain AS email_domain, a.country AS country, a.plan AS plan, a.org_id AS org_id,
       a.event_count AS event_count, a.first_event_at AS first_event_at, a.last_event_at AS last_event_at
ORDER BY rank_score DESC, account_id
LIMIT toInteger($limit)

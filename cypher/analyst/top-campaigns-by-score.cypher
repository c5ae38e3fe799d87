// Shows: the current campaigns (latest succeeded refresh), strongest first: score, size, status,
// the three signals that contributed most, and the activity window. Start every investigation here.
// Parameters: $limit (integer, how many campaigns).
// Example:
// :param limit => 20
MATCH (c:Campaign:Current)
RETURN c.campaign_id AS campaign_id, c.score AS score, c.size AS size, c.status AS status,
       c.top_signals AS top_signals, c.first_activity_at AS first_activity_at, c.last_activity_at AS last_activity_at
ORDER BY score DESC, campaign_id
LIMIT toInteger($limit)

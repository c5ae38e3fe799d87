// Purpose: the operation each current campaign belongs to, so the next refresh keeps operation
// ids stable.
// Parameters: none.
MATCH (c:Campaign:Current)
WHERE c.operation_id IS NOT NULL
RETURN c.campaign_id AS campaign_id, c.operation_id AS operation_id

// Purpose: the ranked subgraph a refresh stored on a current campaign's snapshot
// (GET /api/v1/campaigns/{id}/graph): one indexed node read. graph_json is null for snapshots
// written before graphs were stored; no row means the campaign is not current.
// Parameters: $campaignId.
MATCH (c:Campaign:Current {campaign_id: $campaignId})
RETURN c.graph_json AS graph_json
LIMIT 1

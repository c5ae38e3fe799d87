// Purpose: the ranked subgraph a refresh stored for a current campaign's snapshot
// (GET /api/v1/campaigns/{id}/graph): one indexed node read and one hop to its CampaignGraph.
// graph_json is null for snapshots written before graphs were stored; one written by a version
// that kept it on the Campaign node itself is still read from there. No row means the campaign
// is not current.
// Parameters: $campaignId.
MATCH (c:Campaign:Current {campaign_id: $campaignId})
OPTIONAL MATCH (c)-[:HAS_GRAPH]->(g:CampaignGraph)
RETURN coalesce(g.graph_json, c.graph_json) AS graph_json
LIMIT 1

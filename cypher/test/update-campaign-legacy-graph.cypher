// Purpose (tests): make a current campaign's snapshot look like one an older version wrote: its
// stored graph as graph_json on the Campaign node itself, and no CampaignGraph node.
// Parameters: $campaignId.
MATCH (c:Campaign:Current {campaign_id: $campaignId})-[:HAS_GRAPH]->(g:CampaignGraph)
SET c.graph_json = g.graph_json
DETACH DELETE g

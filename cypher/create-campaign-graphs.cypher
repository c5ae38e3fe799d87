// Purpose: store each of this run's campaign snapshots' ranked subgraph (graph_json, see
// src/campaigns/campaign-graph.ts, up to about 1 MB) on a node of its own,
// (:Campaign)-[:HAS_GRAPH]->(:CampaignGraph {campaign_id, run_id, graph_json}), so
// GET /api/v1/campaigns/{id}/graph reads one property of one node instead of walking members and
// their links, and a query that returns Campaign nodes (Neo4j Browser) never carries the blob.
// The node also keeps the campaign's shared evidence keys (src/campaigns/shared-evidence.ts): a
// verdict copies them, so a later refresh can tell new shared evidence.
// Parameters: $graphs (list of {campaign_id, graph_json, shared_evidence (list of keys)}), $runId.
UNWIND $graphs AS row
MATCH (c:Campaign {campaign_id: row.campaign_id, run_id: $runId})
USING INDEX c:Campaign(campaign_id, run_id)
MERGE (c)-[:HAS_GRAPH]->(g:CampaignGraph)
SET g.campaign_id = row.campaign_id, g.run_id = $runId, g.graph_json = row.graph_json, g.shared_evidence = row.shared_evidence

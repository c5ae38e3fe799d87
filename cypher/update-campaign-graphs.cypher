// Purpose: store each of this run's campaign snapshots' ranked subgraph (graph_json, see
// src/campaigns/campaign-graph.ts), so GET /api/v1/campaigns/{id}/graph reads one property of one
// node instead of walking members and their links.
// Parameters: $graphs (list of {campaign_id, graph_json}), $runId.
UNWIND $graphs AS row
MATCH (c:Campaign {campaign_id: row.campaign_id, run_id: $runId})
USING INDEX c:Campaign(campaign_id, run_id)
SET c.graph_json = row.graph_json

// Purpose (tests): campaign snapshots and their stored graphs: how many snapshots, how many have
// a CampaignGraph, how many still carry graph_json on the Campaign node itself, and stored graphs
// left without a snapshot.
// Parameters: none.
MATCH (c:Campaign)
OPTIONAL MATCH (c)-[:HAS_GRAPH]->(g:CampaignGraph)
WITH count(c) AS campaigns, count(g) AS with_graph, sum(CASE WHEN c.graph_json IS NULL THEN 0 ELSE 1 END) AS graph_on_node
RETURN campaigns, with_graph, graph_on_node, COUNT { MATCH (orphan:CampaignGraph) WHERE NOT (orphan)<-[:HAS_GRAPH]-(:Campaign) } AS orphan_graphs

// Purpose: every linked account's Louvain community (after create-louvain-communities), streamed
// for scoring: account id and community id, nothing else.
// Parameters: $graphName.
CALL gds.graph.nodeProperty.stream($graphName, 'community')
YIELD nodeId, propertyValue
RETURN gds.util.asNode(nodeId).account_id AS account_id, toInteger(propertyValue) AS community

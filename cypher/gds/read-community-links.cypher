// Purpose: the links inside the given communities (both ends in the same one), each once, for
// scoring's core/periphery split: only communities large enough to be scored are asked for, so
// the rest of the graph never leaves the server.
// Parameters: $graphName, $communities (community ids, from read-community-members).
CALL gds.graph.relationshipProperty.stream($graphName, 'weight')
YIELD sourceNodeId, targetNodeId, propertyValue
WITH sourceNodeId, targetNodeId, propertyValue
WHERE sourceNodeId < targetNodeId
WITH sourceNodeId, targetNodeId, propertyValue, gds.util.nodeProperty($graphName, sourceNodeId, 'community') AS community
WHERE community IN $communities AND gds.util.nodeProperty($graphName, targetNodeId, 'community') = community
RETURN gds.util.asNode(sourceNodeId).account_id AS source, gds.util.asNode(targetNodeId).account_id AS target, propertyValue AS weight, toInteger(community) AS community

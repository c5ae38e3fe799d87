// Purpose: what scoring needs of the projected linkage graph, each link once with its weight and
// kinds (bit set: 1 address, 2 network, 4 payment, 8 prompt): the links inside the given
// communities (both ends in the same one), for the core/periphery split and for dividing a
// community again, and every link with a prompt part, for the clusters of prompt-linked senders
// that decide whether a fingerprint is a group's own. The rest of the graph stays on the server.
// Parameters: $graphName, $communities (community ids, from read-community-members).
CALL gds.graph.relationshipProperties.stream($graphName, ['weight', 'kinds'])
YIELD sourceNodeId, targetNodeId, relationshipProperty, propertyValue
WITH sourceNodeId, targetNodeId, relationshipProperty, propertyValue
WHERE sourceNodeId < targetNodeId
WITH sourceNodeId, targetNodeId, collect([relationshipProperty, propertyValue]) AS properties
WITH sourceNodeId, targetNodeId,
     [property IN properties WHERE property[0] = 'weight' | property[1]][0] AS weight,
     toInteger([property IN properties WHERE property[0] = 'kinds' | property[1]][0]) AS kinds,
     gds.util.nodeProperty($graphName, sourceNodeId, 'community') AS community
WHERE (community IN $communities AND gds.util.nodeProperty($graphName, targetNodeId, 'community') = community) OR kinds % 16 >= 8
RETURN gds.util.asNode(sourceNodeId).account_id AS source, gds.util.asNode(targetNodeId).account_id AS target, weight, kinds

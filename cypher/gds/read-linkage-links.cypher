// Purpose: every link of a projected linkage graph, each once, with its weight and kinds (bit
// set: 1 address, 2 network, 4 payment, 8 prompt): for `export-graph --engine gds` and the test
// that compares the two engines' graphs.
// Parameters: $graphName.
CALL gds.graph.relationshipProperties.stream($graphName, ['weight', 'kinds'])
YIELD sourceNodeId, targetNodeId, relationshipProperty, propertyValue
WITH sourceNodeId, targetNodeId, relationshipProperty, propertyValue
WHERE sourceNodeId < targetNodeId
WITH sourceNodeId, targetNodeId, collect([relationshipProperty, propertyValue]) AS properties
RETURN gds.util.asNode(sourceNodeId).account_id AS source, gds.util.asNode(targetNodeId).account_id AS target,
       [property IN properties WHERE property[0] = 'weight' | property[1]][0] AS weight,
       toInteger([property IN properties WHERE property[0] = 'kinds' | property[1]][0]) AS kinds

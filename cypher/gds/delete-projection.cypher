// Purpose: drops one of the gds engine's in-memory graphs (after the refresh, also when it
// failed); no error when it is already gone.
// Parameters: $graphName.
CALL gds.graph.drop($graphName, false) YIELD graphName
RETURN graphName AS graph_name

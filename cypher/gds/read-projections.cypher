// Purpose: the in-memory GDS graphs whose names begin with a prefix (the gds engine names its
// graphs hydrascope-...-<run id>), to check that a refresh left none behind.
// Parameters: $prefix.
CALL gds.graph.list() YIELD graphName
WITH graphName
WHERE graphName STARTS WITH $prefix
RETURN graphName AS graph_name

// Purpose: the Graph Data Science library's version; fails when GDS is not installed (the
// refresh's gds engine and `hydrascope neo4j status` ask this first).
// Parameters: none.
RETURN gds.version() AS version

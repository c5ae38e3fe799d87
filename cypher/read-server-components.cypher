// Purpose: the server's name, versions and edition (proves a test talks to a real Neo4j).
// Parameters: none.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition

// Purpose: the processors the Neo4j server's JVM may use, from its operating-system MBean, so a
// load can choose how many chunk transactions to write at once (hydrascope ingest --writers).
// Parameters: none. A server that refuses the procedure (restricted dbms.queryJmx) fails the read;
// the caller then falls back to one writer.
CALL dbms.queryJmx('java.lang:type=OperatingSystem') YIELD attributes
RETURN attributes.AvailableProcessors.value AS cores

// Purpose (benchmarks): the server's configured heap, page cache and transaction memory (what
// they use: read-server-heap.cypher and bench/neo4j-memory.ts).
// Parameters: none.
CALL dbms.listConfig() YIELD name, value
WHERE name IN ['server.memory.heap.max_size', 'server.memory.pagecache.size', 'dbms.memory.transaction.total.max']
RETURN name, value

// Purpose (benchmarks): the server's configured heap and page cache, and the heap in use.
// Parameters: none.
CALL dbms.listConfig() YIELD name, value
WHERE name IN ['server.memory.heap.max_size', 'server.memory.pagecache.size', 'dbms.memory.transaction.total.max']
RETURN name, value

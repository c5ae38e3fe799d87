// Purpose (benchmarks): the Java heap the server uses now, with its committed and maximum size,
// in bytes (JMX; available in Community Edition).
// Parameters: none.
CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes
WITH attributes.HeapMemoryUsage.value.properties AS heap
RETURN heap.used AS used, heap.committed AS committed, heap.max AS max

// Purpose: the heap the server has for GDS now (available: maximum minus used, and the maximum,
// bytes), for the gds engine's memory guard, which compares it with the estimate before
// projecting anything.
// Parameters: none.
CALL gds.debug.sysInfo() YIELD key, value
WITH key, value
WHERE key IN ['availableHeapInBytes', 'heapMaxInBytes']
WITH collect([key, value]) AS entries
RETURN [entry IN entries WHERE entry[0] = 'availableHeapInBytes' | entry[1]][0] AS free_heap,
       [entry IN entries WHERE entry[0] = 'heapMaxInBytes' | entry[1]][0] AS max_heap

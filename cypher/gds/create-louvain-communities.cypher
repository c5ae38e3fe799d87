// Purpose: runs Louvain on the projected linkage graph (weighted by `weight`) and keeps each
// account's community as the in-memory property `community` (consecutive ids); nothing is
// written to the database. Concurrency 1 gives the same communities run after run.
// Parameters: $graphName, $concurrency (1-4 on Open GDS), $maxLevels, $maxIterations, $tolerance.
CALL gds.louvain.mutate($graphName, {mutateProperty: 'community', relationshipWeightProperty: 'weight', consecutiveIds: true, concurrency: $concurrency, maxLevels: $maxLevels, maxIterations: $maxIterations, tolerance: $tolerance})
YIELD communityCount, modularity, modularities, ranLevels, computeMillis
RETURN communityCount AS community_count, modularity, modularities, ranLevels AS ran_levels, computeMillis AS compute_millis

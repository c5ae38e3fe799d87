// Purpose: the gds engine's memory guard: GDS's estimate (bytes, upper bound) of the prompt-profile
// graph with node similarity and of the linkage graph with Louvain, for graphs of the sizes given
// (no graph needs to exist yet).
// Parameters: $promptNodes, $promptRelationships (accounts plus fingerprints, account-fingerprint
// uses), $linkageNodes, $linkageRelationships (upper bounds of the linkage graph), $promptNeighbors,
// $concurrency.
CALL gds.nodeSimilarity.stream.estimate({nodeCount: $promptNodes, relationshipCount: $promptRelationships, nodeProjection: '*', relationshipProjection: {USES: {type: 'USES', properties: 'weight'}}}, {similarityMetric: 'COSINE', relationshipWeightProperty: 'weight', topK: $promptNeighbors, concurrency: $concurrency})
YIELD bytesMax AS similarityBytes
CALL gds.louvain.mutate.estimate({nodeCount: $linkageNodes, relationshipCount: $linkageRelationships, nodeProjection: '*', relationshipProjection: {LINK: {type: 'LINK', orientation: 'UNDIRECTED', properties: ['weight', 'kinds']}}}, {mutateProperty: 'community', relationshipWeightProperty: 'weight', concurrency: $concurrency})
YIELD bytesMax AS louvainBytes
RETURN similarityBytes AS similarity_bytes, louvainBytes AS louvain_bytes

// Purpose: the gds engine's prompt-profile graph, projected into GDS: every account to each
// fingerprint it shares with others (2 to $maxDegree accounts on it), weighted by its TF-IDF
// component: the account's share of its prompt events there (events of every fingerprint it sent
// count in the total; a usage is at least one event) times ln($accountCount / accounts on the
// fingerprint). The same vectors as src/linkage/prompt-similarity.ts; gds.nodeSimilarity then
// compares them (create-linkage-projection.cypher).
// Parameters: $graphName (the GDS graph to create), $accountCount (all accounts), $maxDegree
// (fingerprints on more accounts carry no linkage signal: max(2, floor(maxPromptShare * accounts))).
MATCH (a:Account)
WITH a, [(a)-[r:SENT_PROMPT]->(f:PromptFingerprint) | [f, CASE WHEN coalesce(r.events, 1) < 1 THEN 1 ELSE coalesce(r.events, 1) END]] AS uses
WHERE size(uses) > 0
WITH a, uses, reduce(total = 0, use IN uses | total + use[1]) AS promptEvents
UNWIND uses AS use
WITH a, use[0] AS f, use[1] AS events, promptEvents
WITH a, f, events, promptEvents, COUNT { (f)<-[:SENT_PROMPT]-() } AS degree
WHERE degree >= 2 AND degree <= $maxDegree
WITH gds.graph.project($graphName, a, f, {relationshipProperties: {weight: (toFloat(events) / promptEvents) * log(toFloat($accountCount) / degree)}}) AS graph
RETURN graph.nodeCount AS nodes, graph.relationshipCount AS relationships

// Purpose: the gds engine's account-linkage graph, built inside Neo4j with the definition of
// src/linkage/project-linkage-graph.ts and projected into GDS (undirected, `weight` and `kinds`
// per link). Each address, network (an account's events over its addresses there, private
// addresses, kept on the IP node by merge-ip-ownership.cypher, included) and payment
// method on 2+ accounts links them with kindWeight / log2(1 + accounts) times the usage factor
// (lesser usage u of the two, at least 1: u / (u + 1); payment links have none, and with
// $paymentAlwaysLinks weigh at least $minEdgeWeight however many accounts share the card). Entities on more
// than $cliqueDegreeLimit accounts link each account to its $hubNeighbors next ones in sign-up
// order (then account id). Prompt profiles link each account to its $promptNeighbors most similar
// accounts (gds.nodeSimilarity, cosine over the prompt-profile graph; similarity at least
// $minPromptSimilarity) with the prompt weight times the similarity; GDS is asked for
// $promptCandidates neighbours and equal similarities go to the lower account id, as in Node.
// Or the caller gives those links ($promptAccountIds, $promptLinkNumbers) and no prompt-profile graph. A pair's weight is the sum;
// each account keeps the links at least as strong as its $topEdgesPerAccount-th, a link survives
// when either end keeps it and it weighs at least $minEdgeWeight. Then a link an analyst cleared
// (an account marked not_involved and a member of that campaign) keeps $clearedFactor of its
// weight, as src/campaigns/down-weight-cleared-ties.ts does in Node. Only linked accounts are nodes.
// Parameters: $graphName, $promptGraphName (from create-prompt-profile-projection; null when it
// made no graph or the links are given), $promptAccountIds (account ids) and $promptLinkNumbers
// (per link: lower account's place in $promptAccountIds, higher's, similarity; one flat list of
// floats, not a list per link: a million small lists cost the driver gigabytes of garbage; both
// empty when GDS computes the links), $kindWeights
// ({ip, network, payment, prompt}), $cliqueDegreeLimit, $hubNeighbors, $promptNeighbors,
// $promptCandidates (more than $promptNeighbors, for the tie-break), $minPromptSimilarity,
// $topEdgesPerAccount, $minEdgeWeight, $paymentAlwaysLinks, $atLeast (1 minus a relative margin: weights within it of
// a bar reach it, whatever order their terms were summed in), $concurrency (GDS threads),
// $clearedTies (map 'lower account id|higher account id' -> the cleared account; {} for none),
// $clearedFactor.
CALL {
  CALL {
    MATCH (i:IP)
    CALL {
      WITH i
      MATCH (i)<-[r:USED_IP]-(a:Account)
      WITH a, coalesce(r.events, 1) AS usage
      ORDER BY coalesce(a.created_at.epochMillis, 0), a.account_id
      RETURN collect([a, usage, a.account_id]) AS members
    }
    RETURN members, 1 AS bit, $kindWeights.ip AS kindWeight
    UNION ALL
    MATCH (i:IP)
    WITH DISTINCT i.network AS network
    CALL {
      WITH network
      CALL {
        WITH network
        MATCH (a:Account)-[r:USED_IP]->(:IP {network: network})
        RETURN a, coalesce(r.events, 1) AS events
        UNION ALL
        // Private addresses (kept on the node, merge-ip-ownership.cypher) count in their network.
        WITH network
        MATCH (i:IP {network: network})
        WHERE i.owner IS NOT NULL
        MATCH (a:Account {account_id: i.owner})
        RETURN a, coalesce(i.owner_events, 1) AS events
      }
      WITH a, sum(events) AS usage
      ORDER BY coalesce(a.created_at.epochMillis, 0), a.account_id
      RETURN collect([a, usage, a.account_id]) AS members
    }
    RETURN members, 2 AS bit, $kindWeights.network AS kindWeight
    UNION ALL
    MATCH (p:PaymentMethod)
    CALL {
      WITH p
      MATCH (p)<-[:PAID_WITH]-(a:Account)
      WITH DISTINCT a
      ORDER BY coalesce(a.created_at.epochMillis, 0), a.account_id
      RETURN collect([a, 1, a.account_id]) AS members
    }
    RETURN members, 4 AS bit, $kindWeights.payment AS kindWeight
  }
  WITH members, bit, kindWeight, size(members) AS degree
  WHERE degree >= 2
  WITH members, bit, degree, kindWeight, kindWeight / (log(1 + degree) / log(2)) AS rarityBase
  WITH members, bit, degree, CASE WHEN bit = 4 AND $paymentAlwaysLinks AND kindWeight > 0 AND rarityBase < $minEdgeWeight THEN toFloat($minEdgeWeight) ELSE rarityBase END AS base
  CALL {
    WITH members, degree
    WITH members, degree
    WHERE degree <= $cliqueDegreeLimit
    UNWIND range(0, degree - 2) AS i
    UNWIND range(i + 1, degree - 1) AS j
    RETURN members[i] AS left, members[j] AS right
    UNION ALL
    WITH members, degree
    WITH members, degree
    WHERE degree > $cliqueDegreeLimit
    UNWIND range(0, degree - 2) AS i
    UNWIND range(i + 1, CASE WHEN i + $hubNeighbors < degree - 1 THEN i + $hubNeighbors ELSE degree - 1 END) AS j
    RETURN members[i] AS left, members[j] AS right
  }
  // Each pair as (lower account id, higher): ids read once per member above, not per pair.
  WITH CASE WHEN left[2] < right[2] THEN left[0] ELSE right[0] END AS a, CASE WHEN left[2] < right[2] THEN right[0] ELSE left[0] END AS b,
       bit, base, CASE WHEN left[1] < right[1] THEN left[1] ELSE right[1] END AS lesser
  WITH a, b, bit, base, CASE WHEN lesser < 1 THEN 1.0 ELSE toFloat(lesser) END AS lesser
  RETURN a, b, bit, CASE WHEN bit = 4 THEN base ELSE base * lesser / (lesser + 1) END AS weight
  UNION ALL
  // Prompt-profile links computed by the caller (promptSimilarity 'node'), in columns: three
  // numbers per link, the lower account's and the higher's place in $promptAccountIds and the similarity.
  UNWIND range(0, size($promptLinkNumbers) / 3 - 1) AS link
  WITH $promptAccountIds[toInteger($promptLinkNumbers[3 * link])] AS low, $promptAccountIds[toInteger($promptLinkNumbers[3 * link + 1])] AS high,
       $promptLinkNumbers[3 * link + 2] AS similarity
  MATCH (a:Account {account_id: low})
  MATCH (b:Account {account_id: high})
  RETURN a, b, 8 AS bit, $kindWeights.prompt * similarity AS weight
  UNION ALL
  // No prompt-profile graph (no fingerprint shared by two accounts): no rows, no call.
  UNWIND CASE WHEN $promptGraphName IS NULL THEN [] ELSE [$promptGraphName] END AS promptGraphName
  CALL gds.nodeSimilarity.stream(promptGraphName, {similarityMetric: 'COSINE', relationshipWeightProperty: 'weight', topK: $promptCandidates, similarityCutoff: $minPromptSimilarity, concurrency: $concurrency})
  YIELD node1, node2, similarity
  WITH node1, gds.util.asNode(node2) AS other, similarity
  ORDER BY similarity DESC, other.account_id
  WITH gds.util.asNode(node1) AS account, collect([other, similarity])[0..$promptNeighbors] AS nearest
  UNWIND nearest AS near
  WITH account, near[0] AS other, near[1] AS similarity
  WITH CASE WHEN account.account_id < other.account_id THEN account ELSE other END AS a, CASE WHEN account.account_id < other.account_id THEN other ELSE account END AS b, max(similarity) AS similarity
  RETURN a, b, 8 AS bit, $kindWeights.prompt * CASE WHEN similarity > 1 THEN 1.0 ELSE similarity END AS weight
}
WITH a AS low, b AS high, sum(weight) AS weight, collect(DISTINCT bit) AS bits
WITH low, high, weight, reduce(kinds = 0, bit IN bits | kinds + bit) AS kinds
UNWIND [low, high] AS account
WITH account, low, high, weight, kinds
ORDER BY weight DESC
WITH account, collect([low, high, weight, kinds]) AS links
WITH links, CASE WHEN size(links) > $topEdgesPerAccount THEN links[$topEdgesPerAccount - 1][2] ELSE 0.0 END AS threshold
UNWIND links AS link
WITH link
WHERE link[2] >= threshold * $atLeast AND link[2] >= $minEdgeWeight * $atLeast
WITH DISTINCT link[0] AS low, link[1] AS high, link[2] AS weight, link[3] AS kinds
WITH low, high, weight, kinds, $clearedTies[low.account_id + '|' + high.account_id] AS cleared
WITH low, high, kinds, cleared, CASE WHEN cleared IS NULL THEN weight ELSE weight * $clearedFactor END AS weight
WITH
  gds.graph.project($graphName, low, high, {relationshipProperties: {weight: weight, kinds: kinds}}, {undirectedRelationshipTypes: ['*']}) AS graph,
  count(cleared) AS clearedLinks,
  count(DISTINCT cleared) AS clearedAccounts
RETURN graph.nodeCount AS nodes, graph.relationshipCount AS relationships, clearedLinks, clearedAccounts

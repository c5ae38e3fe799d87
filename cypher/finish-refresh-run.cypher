// Purpose: record how a refresh run ended (succeeded or failed), with its timings and counts.
// Parameters: $runId, $status, $error, $timingsJson, $countsJson, $louvainJson, $modularity,
// $communities, $campaigns, $accounts, $edges.
MATCH (r:RefreshRun {run_id: $runId})
SET r.status = $status, r.error = $error, r.finished_at = datetime(), r.timings_json = $timingsJson,
    r.counts_json = $countsJson, r.louvain_json = $louvainJson, r.modularity = $modularity,
    r.communities = $communities, r.campaigns = $campaigns, r.accounts = $accounts, r.edges = $edges
RETURN r.run_id AS run_id

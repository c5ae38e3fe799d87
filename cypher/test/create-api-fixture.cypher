// Purpose: test fixture for the API tests: accounts with addresses, payment methods and prompt
// fingerprints, refresh runs, current and older campaign snapshots with their members (own score
// and ties), associated accounts, and the operations grouping the snapshots (PART_OF).
// Timestamps are ISO strings. Parameters: $accounts, $ips, $payments, $prompts, $usedIp,
// $paidWith, $sentPrompt, $runs, $campaigns, $memberships (score and ties optional: the
// campaign's score and none), $associations, $operations, $currentRunId.
CALL {
  UNWIND $accounts AS row
  CREATE (a:Account {account_id: row.account_id})
  SET a.created_at = datetime(row.created_at), a.email_domain = row.email_domain, a.country = row.country, a.plan = row.plan,
      a.org_id = row.org_id, a.event_count = row.event_count, a.input_tokens = row.input_tokens, a.output_tokens = row.output_tokens,
      a.first_event_at = datetime(row.first_event_at), a.last_event_at = datetime(row.last_event_at),
      a.hour_histogram = row.hour_histogram, a.active_days = row.active_days, a.extraction_events = row.extraction_events, a.described = true
}
CALL { UNWIND $ips AS row CREATE (:IP {address: row.address, network: row.network, version: 4}) }
CALL { UNWIND $payments AS row CREATE (:PaymentMethod {payment_fingerprint: row.fingerprint, kind: row.kind, bin: row.bin, country: row.country}) }
CALL { UNWIND $prompts AS row CREATE (:PromptFingerprint {fingerprint: row.fingerprint, intent: row.intent}) }
CALL {
  UNWIND $usedIp AS row
  MATCH (a:Account {account_id: row.account_id}), (i:IP {address: row.address})
  CREATE (a)-[:USED_IP {events: row.events, first_seen: datetime(row.first_seen), last_seen: datetime(row.last_seen)}]->(i)
}
CALL {
  UNWIND $paidWith AS row
  MATCH (a:Account {account_id: row.account_id}), (p:PaymentMethod {payment_fingerprint: row.fingerprint})
  CREATE (a)-[:PAID_WITH {first_used_at: datetime(row.first_used_at)}]->(p)
}
CALL {
  UNWIND $sentPrompt AS row
  MATCH (a:Account {account_id: row.account_id}), (f:PromptFingerprint {fingerprint: row.fingerprint})
  CREATE (a)-[:SENT_PROMPT {events: row.events}]->(f)
}
CALL {
  UNWIND $runs AS row
  CREATE (r:RefreshRun {run_id: row.run_id})
  SET r.status = row.status, r.started_at = datetime(row.started_at),
      r.finished_at = CASE WHEN row.finished_at IS NULL THEN null ELSE datetime(row.finished_at) END,
      r.requested_by = row.requested_by, r.resolution = row.resolution, r.seed = row.seed, r.modularity = row.modularity,
      r.communities = row.communities, r.campaigns = row.campaigns, r.accounts = row.accounts, r.edges = row.edges,
      r.parameters_json = row.parameters_json, r.timings_json = row.timings_json, r.counts_json = row.counts_json,
      r.louvain_json = row.louvain_json, r.watermark_batches = row.watermark_batches, r.error = row.error
}
CALL {
  UNWIND $campaigns AS row
  CREATE (c:Campaign {campaign_id: row.campaign_id, run_id: row.run_id})
  SET c.score = row.score, c.size = row.size, c.status = row.status, c.first_activity_at = datetime(row.first_activity_at),
      c.last_activity_at = datetime(row.last_activity_at), c.top_signals = row.top_signals, c.explanation_json = row.explanation_json,
      c.evidence_json = row.evidence_json, c.history_json = row.history_json, c.first_seen_run_id = row.first_seen_run_id,
      c.peripheral_accounts = row.peripheral_accounts, c.created_at = datetime(row.created_at), c.operation_id = row.operation_id
  FOREACH (_ IN CASE WHEN row.current THEN [1] ELSE [] END | SET c:Current)
}
CALL {
  UNWIND $memberships AS row
  MATCH (a:Account {account_id: row.account_id}), (c:Campaign {campaign_id: row.campaign_id, run_id: row.run_id})
  CREATE (a)-[:MEMBER_OF {run_id: row.run_id, score: coalesce(row.score, c.score), ties: coalesce(row.ties, [])}]->(c)
}
CALL {
  UNWIND $associations AS row
  MATCH (a:Account {account_id: row.account_id}), (c:Campaign {campaign_id: row.campaign_id, run_id: row.run_id})
  CREATE (a)-[:ASSOCIATED_WITH {run_id: row.run_id, score: row.score, ties: row.ties}]->(c)
}
CALL {
  UNWIND $operations AS row
  CREATE (o:Operation {operation_id: row.operation_id, run_id: row.run_id})
  SET o.campaigns = size(row.campaign_ids), o.accounts = row.accounts, o.ties = row.ties, o.created_at = datetime(row.created_at)
  WITH o, row
  UNWIND row.campaign_ids AS campaignId
  MATCH (c:Campaign {campaign_id: campaignId, run_id: row.run_id})
  CREATE (c)-[:PART_OF {run_id: row.run_id}]->(o)
}
MERGE (s:HydrascopeState {name: 'current'})
SET s.current_run_id = $currentRunId
RETURN 1 AS done

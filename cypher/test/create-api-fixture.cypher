// Purpose: test fixture for the API tests: accounts with addresses, payment methods and prompt
// fingerprints, refresh runs, current and older campaign snapshots with their members.
// Timestamps are ISO strings. Parameters: $accounts, $ips, $payments, $prompts, $usedIp,
// $paidWith, $sentPrompt, $runs, $campaigns, $memberships, $currentRunId.
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
      c.peripheral_accounts = row.peripheral_accounts, c.created_at = datetime(row.created_at)
  FOREACH (_ IN CASE WHEN row.current THEN [1] ELSE [] END | SET c:Current)
}
CALL {
  UNWIND $memberships AS row
  MATCH (a:Account {account_id: row.account_id}), (c:Campaign {campaign_id: row.campaign_id, run_id: row.run_id})
  CREATE (a)-[:MEMBER_OF {run_id: row.run_id, score: c.score}]->(c)
}
MERGE (s:HydrascopeState {name: 'current'})
SET s.current_run_id = $currentRunId
RETURN 1 AS done

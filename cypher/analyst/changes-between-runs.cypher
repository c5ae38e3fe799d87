// Shows: what changed between two refresh runs, campaign by campaign: appeared, disappeared, grew,
// shrank or changed members, with sizes and scores in both runs and the accounts that joined or
// left (up to 20 of each). Only runs whose snapshots are still kept (the last few) can be compared.
// Parameters: $fromRunId, $toRunId (RefreshRun.run_id; list them with MATCH (r:RefreshRun) RETURN r ORDER BY r.started_at DESC).
// Example (the two latest succeeded runs; or paste ids: :param fromRunId => 'refresh-2026-…'):
// :param fromRunId => COLLECT { MATCH (r:RefreshRun {status: 'succeeded'}) RETURN r.run_id ORDER BY r.finished_at DESC }[1]
// :param toRunId => COLLECT { MATCH (r:RefreshRun {status: 'succeeded'}) RETURN r.run_id ORDER BY r.finished_at DESC }[0]
UNWIND COLLECT { MATCH (c:Campaign) WHERE c.run_id IN [$fromRunId, $toRunId] RETURN DISTINCT c.campaign_id } AS campaignId
OPTIONAL MATCH (before:Campaign {campaign_id: campaignId, run_id: $fromRunId})
OPTIONAL MATCH (after:Campaign {campaign_id: campaignId, run_id: $toRunId})
WITH campaignId, before, after,
     COLLECT { MATCH (member:Account)-[:MEMBER_OF]->(before) RETURN member.account_id } AS beforeMembers,
     COLLECT { MATCH (member:Account)-[:MEMBER_OF]->(after) RETURN member.account_id } AS afterMembers
WITH campaignId, before, after,
     [member IN afterMembers WHERE NOT member IN beforeMembers] AS joinedMembers,
     [member IN beforeMembers WHERE NOT member IN afterMembers] AS leftMembers
RETURN campaignId AS campaign_id,
       CASE
         WHEN before IS NULL THEN 'appeared'
         WHEN after IS NULL THEN 'disappeared'
         WHEN after.size > before.size THEN 'grew'
         WHEN after.size < before.size THEN 'shrank'
         WHEN size(joinedMembers) + size(leftMembers) > 0 THEN 'changed members'
         ELSE 'unchanged'
       END AS change,
       before.size AS from_size, after.size AS to_size, before.score AS from_score, after.score AS to_score,
       size(joinedMembers) AS joined_count, size(leftMembers) AS left_count,
       joinedMembers[0..20] AS joined_accounts, leftMembers[0..20] AS left_accounts
ORDER BY CASE change WHEN 'unchanged' THEN 1 ELSE 0 END, campaign_id

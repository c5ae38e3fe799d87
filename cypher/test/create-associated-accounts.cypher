// Purpose: test data for the explorer's end-to-end test, whose generated scenario has no
// associated accounts: up to $limit accounts that share an address, a prompt fingerprint or a
// payment method with a current campaign's members but are members of no current campaign
// become associated with it, as a refresh writes accounts tied only through a busy shared entity
// (ASSOCIATED_WITH with a score and the shared entity as tie), and the snapshot's explanation
// counts them (the refresh wrote associatedAccounts 0).
// Parameters: $campaignId, $limit.
MATCH (c:Campaign:Current {campaign_id: $campaignId})
CALL {
  WITH c
  MATCH (c)<-[:MEMBER_OF]-(:Account)-[:USED_IP|SENT_PROMPT|PAID_WITH]->(e)<-[:USED_IP|SENT_PROMPT|PAID_WITH]-(a:Account)
  WHERE NOT (a)-[:MEMBER_OF]->(:Campaign:Current)
  WITH a, min(CASE WHEN e:IP THEN 'ip:' + e.address WHEN e:PromptFingerprint THEN 'prompt:' + e.fingerprint ELSE 'payment:' + e.payment_fingerprint END) AS tie
  ORDER BY a.account_id
  LIMIT toInteger($limit)
  RETURN collect({account: a, tie: tie}) AS picked
}
CALL {
  WITH c, picked
  UNWIND picked AS entry
  WITH c, entry, entry.account AS a
  CREATE (a)-[:ASSOCIATED_WITH {run_id: c.run_id, score: 0.01, ties: [entry.tie]}]->(c)
}
SET c.explanation_json = replace(c.explanation_json, '"associatedAccounts":0', '"associatedAccounts":' + toString(size(picked)))
RETURN size(picked) AS associated

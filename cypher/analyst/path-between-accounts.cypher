// Shows: the shortest chain of shared addresses, payment methods and prompt fingerprints that
// links two accounts (at most 6 hops), as a path to view in the Browser, with each hop spelled out.
// No row means the two accounts share nothing within 6 hops.
// Parameters: $fromAccountId, $toAccountId (Account.account_id).
// Example (two members of the top campaign; or paste ids: :param fromAccountId => 'acct_qndsi27ntc'):
// :param fromAccountId => COLLECT { MATCH (a:Account)-[:MEMBER_OF]->(c:Campaign:Current) RETURN a.account_id ORDER BY c.score DESC, c.campaign_id, a.account_id }[0]
// :param toAccountId => COLLECT { MATCH (a:Account)-[:MEMBER_OF]->(c:Campaign:Current) RETURN a.account_id ORDER BY c.score DESC, c.campaign_id, a.account_id }[1]
MATCH (from:Account {account_id: $fromAccountId}), (to:Account {account_id: $toAccountId})
MATCH path = shortestPath((from)-[:USED_IP|PAID_WITH|SENT_PROMPT*..6]-(to))
RETURN path, length(path) AS hops,
       [node IN nodes(path) | labels(node)[0] + ' ' + coalesce(node.account_id, node.address, node.payment_fingerprint, node.fingerprint)] AS chain

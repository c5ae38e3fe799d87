// Shows: the accounts that used one address, or any address of one network (an IPv4 /24 such as
// '203.0.113.0/24' or an IPv6 /48), with their events there, when, and their current campaign. A
// proxy pool shows up as many young accounts of one campaign on one network.
// Parameters: $address (an address, or a network in the form IP.network uses).
// Example (the network most used by the top campaign; or paste one: :param address => '92.154.84.71'):
// :param address => COLLECT { MATCH (c:Campaign:Current) WITH c ORDER BY c.score DESC, c.campaign_id LIMIT 1 MATCH (c)<-[:MEMBER_OF]-(:Account)-[u:USED_IP]->(ip:IP) WITH ip.network AS network, sum(u.events) AS events RETURN network ORDER BY events DESC, network }[0]
CALL {
  MATCH (account:Account)-[used:USED_IP]->(ip:IP)
  WHERE ip.address = $address OR ip.network = $address
  RETURN account, ip, used.events AS events, used.first_seen AS first_seen, used.last_seen AS last_seen
  UNION ALL
  // An address one account alone used keeps that usage on the node (owner, owner_*), not as USED_IP.
  MATCH (ip:IP)
  WHERE (ip.address = $address OR ip.network = $address) AND ip.owner IS NOT NULL
  MATCH (account:Account {account_id: ip.owner})
  RETURN account, ip, ip.owner_events AS events, ip.owner_first_seen AS first_seen, ip.owner_last_seen AS last_seen
}
WITH account, collect(DISTINCT ip.address) AS addresses, sum(events) AS events, min(first_seen) AS first_seen, max(last_seen) AS last_seen
OPTIONAL MATCH (account)-[:MEMBER_OF]->(c:Campaign:Current)
RETURN account.account_id AS account_id, addresses, events, first_seen, last_seen, account.created_at AS created_at,
       c.campaign_id AS campaign_id
ORDER BY events DESC, account_id
LIMIT 1000

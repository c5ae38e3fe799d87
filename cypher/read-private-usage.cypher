// Purpose (benchmarks): how much of the usage an ingest writes is private: relationships to an
// entity only one account uses (an address, a prompt family, a payment method), which can never
// link two accounts; also (account, network) pairs whose /24 or /48 has one account. For the
// "write what can link" design (issue 24): each kind's uses, the private ones, and the events
// they carry. An address's uses are its USED_IP relationships and, when one account alone used it,
// its owner's use kept on the node (owner, owner_events: merge-ip-ownership.cypher).
// Parameters: none.
CALL {
  MATCH (i:IP)
  WITH i, COUNT { (i)<-[:USED_IP]-() } + CASE WHEN i.owner IS NULL THEN 0 ELSE 1 END AS users,
       COLLECT { MATCH (i)<-[r:USED_IP]-() RETURN r.events } + CASE WHEN i.owner IS NULL THEN [] ELSE [i.owner_events] END AS events
  RETURN sum(users) AS ip_links, sum(CASE WHEN users = 1 THEN 1 ELSE 0 END) AS private_ip_links,
         sum(reduce(total = 0, count IN events | total + count)) AS ip_events,
         sum(CASE WHEN users = 1 THEN reduce(total = 0, count IN events | total + count) ELSE 0 END) AS private_ip_events
}
CALL {
  CALL {
    MATCH (a:Account)-[:USED_IP]->(i:IP)
    RETURN a.account_id AS account, i.network AS network
    UNION ALL
    MATCH (i:IP)
    WHERE i.owner IS NOT NULL
    RETURN i.owner AS account, i.network AS network
  }
  WITH network, count(DISTINCT account) AS users
  RETURN sum(users) AS network_pairs, sum(CASE WHEN users = 1 THEN 1 ELSE 0 END) AS private_network_pairs
}
CALL {
  MATCH (f:PromptFingerprint)
  WITH f, COUNT { (f)<-[:SENT_PROMPT]-() } AS users, COLLECT { MATCH (f)<-[r:SENT_PROMPT]-() RETURN r.events } AS events
  RETURN sum(users) AS prompt_links, sum(CASE WHEN users = 1 THEN 1 ELSE 0 END) AS private_prompt_links,
         sum(reduce(total = 0, count IN events | total + count)) AS prompt_events,
         sum(CASE WHEN users = 1 THEN reduce(total = 0, count IN events | total + count) ELSE 0 END) AS private_prompt_events
}
CALL {
  MATCH (p:PaymentMethod)
  WITH p, COUNT { (p)<-[:PAID_WITH]-() } AS users
  RETURN sum(users) AS payment_links, sum(CASE WHEN users = 1 THEN 1 ELSE 0 END) AS private_payment_links
}
RETURN ip_links, private_ip_links, ip_events, private_ip_events, network_pairs, private_network_pairs,
       prompt_links, private_prompt_links, prompt_events, private_prompt_events, payment_links, private_payment_links

// Purpose (tests and benchmarks): totals of everything an ingest writes, to compare two loads.
// Address uses count as a load without private addresses would write them: USED_IP relationships
// plus the private uses kept on IP nodes (owner, owner_events: merge-ip-ownership.cypher);
// ip_relationships and private_ip_uses tell them apart.
// Parameters: none.
CALL { MATCH (a:Account) RETURN count(a) AS accounts, sum(a.event_count) AS account_events, sum(a.output_tokens) AS output_tokens }
CALL { MATCH (i:IP) RETURN count(i) AS addresses }
CALL { MATCH (p:PaymentMethod) RETURN count(p) AS payment_methods }
CALL { MATCH (f:PromptFingerprint) RETURN count(f) AS fingerprints }
CALL { MATCH (c:IngestChunk) RETURN sum(size(coalesce(c.event_ids, []))) AS events }
CALL { MATCH ()-[r:USED_IP]->() RETURN count(r) AS ip_relationships, sum(r.events) AS ip_relationship_events }
CALL { MATCH (i:IP) WHERE i.owner IS NOT NULL RETURN count(i) AS private_ip_uses, sum(i.owner_events) AS private_ip_events }
CALL { MATCH ()-[r:SENT_PROMPT]->() RETURN count(r) AS prompt_links, sum(r.events) AS prompt_events }
CALL { MATCH ()-[r:PAID_WITH]->() RETURN count(r) AS payment_links }
RETURN accounts, account_events, output_tokens, addresses, payment_methods, fingerprints, events,
       ip_relationships + private_ip_uses AS ip_links, ip_relationship_events + coalesce(private_ip_events, 0) AS ip_events,
       ip_relationships, private_ip_uses, prompt_links, prompt_events, payment_links

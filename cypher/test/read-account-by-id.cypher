// Purpose (tests): one account's loaded event count and payment links, looked up by id.
// Parameters: $accountId.
MATCH (a:Account {account_id: $accountId})
RETURN a.event_count AS events, COUNT { (a)-[:PAID_WITH]->() } AS paid

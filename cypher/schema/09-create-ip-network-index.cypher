// Schema: find the addresses of a /24 or /48 network.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE INDEX ip_network IF NOT EXISTS FOR (i:IP) ON (i.network)

// Schema: one IP per canonical address.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT ip_address_unique IF NOT EXISTS FOR (i:IP) REQUIRE i.address IS UNIQUE

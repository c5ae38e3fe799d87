// Schema: one Alert per alert_id.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT alert_id_unique IF NOT EXISTS FOR (a:Alert) REQUIRE a.alert_id IS UNIQUE

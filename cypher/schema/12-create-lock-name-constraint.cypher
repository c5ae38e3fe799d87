// Schema: one Lock per name (the refresh lease).
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT lock_name_unique IF NOT EXISTS FOR (l:Lock) REQUIRE l.name IS UNIQUE

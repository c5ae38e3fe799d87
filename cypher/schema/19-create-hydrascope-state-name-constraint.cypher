// Schema: one HydrascopeState per name ('current', 'verdicts'), so concurrent verdicts MERGE the
// same counter node.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT hydrascope_state_name_unique IF NOT EXISTS FOR (s:HydrascopeState) REQUIRE s.name IS UNIQUE

// Purpose: list the names of the indexes present (a uniqueness constraint's backing index has
// the constraint's name), to check the schema is applied.
// Parameters: none.
SHOW INDEXES YIELD name RETURN name

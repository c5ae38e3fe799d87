// Purpose (tests): every node's labels and every relationship's type with all their properties,
// so a test can prove what is never stored (raw prompt text).
// Parameters: none.
MATCH (node)
RETURN labels(node) AS kind, properties(node) AS properties
UNION ALL
MATCH ()-[relationship]->()
RETURN [type(relationship)] AS kind, properties(relationship) AS properties

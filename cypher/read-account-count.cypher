// Purpose: how many accounts the graph holds (npm start loads the demo only into an empty graph).
// Parameters: none.
MATCH (a:Account) RETURN count(a) AS accounts

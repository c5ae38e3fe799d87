// Purpose (write-floor benchmark): remove the USED_IP relationships a measured statement wrote,
// so every repeat starts from nodes without relationships.
// Parameters: none.
MATCH ()-[r:USED_IP]->()
DELETE r

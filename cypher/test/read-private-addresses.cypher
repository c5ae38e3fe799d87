// Purpose (tests): every account's private_addresses list (addresses it alone used) and the
// addresses whose IP node names it as owner, to check the two always agree.
// Parameters: none.
MATCH (a:Account)
RETURN a.account_id AS account_id, a.private_addresses AS private_addresses,
       COLLECT { MATCH (i:IP) WHERE i.owner = a.account_id RETURN i.address } AS owned
ORDER BY account_id

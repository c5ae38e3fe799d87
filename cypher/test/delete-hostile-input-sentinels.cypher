// Purpose (tests): remove the sentinel node (wipeDatabase only removes hydrascope's labels).
// Parameters: none.
MATCH (s:HostileInputSentinel)
DETACH DELETE s

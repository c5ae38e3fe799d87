// Purpose (write-floor benchmark): create the IP nodes its usage rows point at, 10.a.b.c counted
// up from 10.0.0.0, each with its /24 network like an ingested address.
// Parameters: $count (addresses to create, at most 16,777,216), $runId.
UNWIND range(0, $count - 1) AS number
WITH number, '10.' + (number / 65536) + '.' + ((number / 256) % 256) AS prefix
CREATE (:IP {address: prefix + '.' + (number % 256), network: prefix + '.0/24', version: 4, run_id: $runId})

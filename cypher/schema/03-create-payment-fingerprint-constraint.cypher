// Schema: one PaymentMethod per instrument fingerprint.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT payment_fingerprint_unique IF NOT EXISTS FOR (p:PaymentMethod) REQUIRE p.payment_fingerprint IS UNIQUE

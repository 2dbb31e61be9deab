-- Restore verification (issue 14): the evidence of a point's latest verification (VerificationEvidence as
-- JSON: outcome, when, job, every table's source and restored rows, time taken, pg_restore's warnings),
-- from job-service's VerificationCompleted. Null: never verified.
alter table recovery_point add column verification jsonb;

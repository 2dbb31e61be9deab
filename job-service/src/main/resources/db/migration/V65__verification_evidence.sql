-- VERIFY jobs (issue 14): the evidence a verification left (VerificationEvidence as JSON), shown in the
-- job's details; retention-service keeps its own copy on the recovery point. Null for other jobs.
alter table job add column verification text;
-- At most pgvault.job.verify.max-concurrent verifications run at once: the claim counts the running ones.
create index job_running_verify on job (id) where status = 'IN_PROGRESS' and operation = 'VERIFY';

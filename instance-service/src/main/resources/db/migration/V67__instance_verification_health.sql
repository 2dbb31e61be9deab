-- Restore verification (issue 14): the latest verification of any of the instance's points, from
-- job-service's VerificationCompleted; a FAILED one makes the instance's health WARNING in the list.
alter table backup_instance add column last_verification_job_id uuid;
alter table backup_instance add column last_verification_point_id uuid;
alter table backup_instance add column last_verification_outcome text;
alter table backup_instance add column last_verification_at timestamptz;
alter table backup_instance add column last_verification_message text;

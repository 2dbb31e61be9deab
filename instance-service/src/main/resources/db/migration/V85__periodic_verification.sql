-- Periodic restore verification (issue 14): the instance's newest live recovery point, from retention-service's
-- RecoveryPointCreated (cleared by its RecoveryPointDeleted), is what the verification scheduler verifies when
-- the policy's verify.every has passed since the last verification; the last such request keeps the
-- scheduler from asking again while that verification is queued or running.
alter table backup_instance add column newest_point_id uuid;
alter table backup_instance add column newest_point_at timestamptz;
alter table backup_instance add column verify_requested_job_id uuid;
alter table backup_instance add column verify_requested_at timestamptz;

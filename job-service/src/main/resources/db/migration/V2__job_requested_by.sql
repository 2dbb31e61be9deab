-- Who asked for the job: the token subject of the user (BackupRequested/RestoreRequested.requestedBy),
-- 'scheduler' for a scheduled backup; null for jobs recorded before sign-in existed.
alter table job add column requested_by text;

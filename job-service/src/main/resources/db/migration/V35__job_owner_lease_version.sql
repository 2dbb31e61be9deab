-- Several job-service replicas share this table (issue 11).
-- owner: the replica running the job (pgvault.job.replica-id), set when it is claimed.
-- lease_expires_at: the owner renews it with every heartbeat; only a job whose lease expired is
--   reaped, never because some process started.
-- version: optimistic locking, so a stale write (a replica that lost its lease completing a job the
--   reaper already failed) fails instead of overwriting.
alter table job add column owner text;
alter table job add column lease_expires_at timestamptz;
alter table job add column version bigint not null default 0;
-- restore into databases: the names the job is about to create, recorded before each CREATE DATABASE
-- (a JSON array); with the database's COMMENT 'pgvault-restore:<job id>' it tells the debris cleanup
-- which database is the job's own.
alter table job add column target_databases text;
-- a dead job (reaped as INTERRUPTED) whose staging directory / created databases are still to be removed
alter table job add column debris_pending boolean not null default false;

create index job_running_lease on job (lease_expires_at) where status = 'IN_PROGRESS';
create index job_debris_pending on job (id) where debris_pending;
-- The last word on "one backup at a time per instance", also across replicas claiming at once.
create unique index job_one_running_backup on job (instance_id) where status = 'IN_PROGRESS' and operation = 'BACKUP';

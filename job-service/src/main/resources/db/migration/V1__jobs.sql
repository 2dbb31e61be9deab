-- Jobs: one row per backup or restore, keyed by the job id instance-service generated (so a
-- redelivered command finds its row instead of creating another).
create table job (
    id                   uuid primary key,
    instance_id          uuid not null,
    instance_name        text,
    operation            text not null,
    trigger              text not null,
    status               text not null,
    policy_name          text,
    policy_version       integer,
    -- backup: the point being written (its .partial- directory while running); restore: the point read
    recovery_point_id    uuid,
    -- the command that created the job, as received (never carries a password)
    request              text not null,
    created_at           timestamptz not null,
    started_at           timestamptz,
    finished_at          timestamptz,
    heartbeat_at         timestamptz,
    bytes_done           bigint not null default 0,
    bytes_estimated      bigint,
    error_code           text,
    error_message        text,
    error_recommendation text,
    manifest             text
);
-- The monitoring list: newest first, keyset paging on (created_at, id), per instance or over all.
create index job_instance_created on job (instance_id, created_at desc, id desc);
create index job_created on job (created_at desc, id desc);
create index job_status on job (status);
create index job_operation on job (operation);

-- Sub-tasks: the globals and one dump (backup) or one restore (restore) per database.
create table job_sub_task (
    id            uuid primary key,
    job_id        uuid not null references job (id) on delete cascade,
    position      integer not null,
    kind          text not null,
    database_name text,
    artifact      text,
    status        text not null,
    bytes         bigint not null default 0,
    started_at    timestamptz,
    finished_at   timestamptz,
    unique (job_id, position)
);

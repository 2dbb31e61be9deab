-- Backup policies: the current version in backup_policy, every version (the current one included)
-- in backup_policy_version, so "what did version 2 say" has an answer.
create table backup_policy (
    id                uuid primary key,
    name              text not null,
    version           int not null,
    schedule          text not null,
    time_zone         text not null,
    default_retention text not null,
    weekly_retention  text,
    monthly_retention text,
    yearly_retention  text,
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);
create unique index backup_policy_name on backup_policy (lower(name));

create table backup_policy_version (
    policy_id         uuid not null references backup_policy (id) on delete cascade,
    version           int not null,
    schedule          text not null,
    time_zone         text not null,
    default_retention text not null,
    weekly_retention  text,
    monthly_retention text,
    yearly_retention  text,
    created_at        timestamptz not null,
    primary key (policy_id, version)
);

-- A protected PostgreSQL server. No password column, by design: credentials are resolved where
-- backups run.
create table backup_instance (
    id                   uuid primary key,
    name                 text not null,
    host                 text not null,
    port                 int not null,
    username             text not null,
    databases            text,
    ssl_mode             text,
    policy_id            uuid not null references backup_policy (id),
    state                text not null,
    next_due_at          timestamptz,
    stop_mode            text,
    stop_reason          text,
    stop_comments        text,
    stopped_at           timestamptz,
    last_backup_job_id   uuid,
    last_backup_status   text,
    last_backup_at       timestamptz,
    last_backup_error    text,
    active_backup_job_id uuid,
    active_backup_since  timestamptz,
    recovery_points      int not null default 0,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create unique index backup_instance_name on backup_instance (lower(name));
create index backup_instance_policy on backup_instance (policy_id);
-- the scheduler's claim: due rows of protected instances only
create index backup_instance_due on backup_instance (next_due_at) where state = 'PROTECTION_CONFIGURED';

-- Every action on an instance; kept after the instance is gone.
create table instance_activity (
    id              bigserial primary key,
    instance_id     uuid not null,
    occurred_at     timestamptz not null,
    action          text not null,
    actor           text not null,
    reason          text,
    comments        text,
    resulting_state text not null,
    job_id          uuid,
    detail          text
);
create index instance_activity_instance on instance_activity (instance_id, id);

-- Answers to POST actions by Idempotency-Key: a retry answers the same and publishes nothing new.
create table idempotent_request (
    scope      text not null,
    key        text not null,
    status     int not null,
    location   text,
    body       text,
    created_at timestamptz not null,
    primary key (scope, key)
);

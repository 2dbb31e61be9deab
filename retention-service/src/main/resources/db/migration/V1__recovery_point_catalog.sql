-- The recovery-point catalog: one row per point a backup left in the store. A point's expiry is
-- computed once, when it is recorded (birth_expires_at), and only ever moved later by a user's
-- "extend" (expires_at); holds lie on top of it.
create table recovery_point (
    id                  uuid primary key,
    instance_id         uuid not null,
    job_id              uuid not null,
    created_at          timestamptz not null,
    recorded_at         timestamptz not null,
    tag                 text not null check (tag in ('DEFAULT', 'WEEKLY', 'MONTHLY', 'YEARLY')),
    rule                text not null,
    tag_reason          text not null,
    birth_expires_at    timestamptz,
    expires_at          timestamptz,
    policy_id           uuid,
    policy_name         text,
    policy_version      integer,
    time_zone           text,
    manifest            jsonb not null,
    size_bytes          bigint not null,
    state               text not null check (state in ('LIVE', 'DELETED', 'PURGED')),
    deleted_at          timestamptz,
    delete_reason       text,
    purged_at           timestamptz,
    files_missing_since timestamptz,
    check (expires_at is null or birth_expires_at is null or expires_at >= birth_expires_at)
);

-- Listing an instance's points newest first, and the floor (the newest N live points).
create index recovery_point_instance_created on recovery_point (instance_id, created_at desc, id desc);
create index recovery_point_instance_live on recovery_point (instance_id, created_at desc, id desc)
    where state = 'LIVE';
-- The sweep: expired live points, oldest expiry first.
create index recovery_point_live_expiry on recovery_point (expires_at) where state = 'LIVE';
-- The purge: deleted points whose grace period ended.
create index recovery_point_deleted_at on recovery_point (deleted_at) where state = 'DELETED';

-- What keeps a point beyond its expiry. A hold with a lease (restore) stops holding when the lease
-- ends unless its owner renews it; the others hold until removed.
create table hold (
    id                uuid primary key,
    recovery_point_id uuid not null references recovery_point (id),
    instance_id       uuid not null,
    kind              text not null check (kind in ('RETAIN_FOREVER', 'LATEST', 'PIN', 'RESTORE')),
    owner             text not null,
    created_at        timestamptz not null,
    lease_expires_at  timestamptz,
    lease_seconds     integer,
    unique (recovery_point_id, kind, owner)
);
create index hold_instance_kind on hold (instance_id, kind);

-- An instance whose data must go (stop with DELETE_DATA, or instance deleted): points still under
-- a restore hold wait for it, and InstanceDataPurged goes out once nothing live is left.
create table instance_deletion (
    instance_id    uuid primary key,
    reason         text not null,
    requested_at   timestamptz not null,
    points_deleted integer not null default 0,
    purged_at      timestamptz
);
create index instance_deletion_pending on instance_deletion (requested_at) where purged_at is null;

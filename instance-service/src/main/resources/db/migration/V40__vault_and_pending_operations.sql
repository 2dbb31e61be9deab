-- The vault-wide settings (issue 13): immutability, the lock's retention bounds, the soft-delete grace
-- period and multi-user authorization. One row; instance-service owns it and publishes each change as
-- VaultSettingsChanged, which retention-service applies to its points.
create table vault_settings (
    id                       smallint primary key check (id = 1),
    immutability             text not null check (immutability in ('DISABLED', 'ENABLED', 'LOCKED')),
    min_retention            text,
    max_retention            text,
    -- ISO-8601 days; null until set here: each service's configured grace period (14 days out of the box)
    grace_period             text,
    multi_user_authorization boolean not null,
    locked_at                timestamptz,
    changed_at               timestamptz,
    changed_by               text,
    approved_by              text
);
insert into vault_settings (id, immutability, multi_user_authorization) values (1, 'DISABLED', false);

-- A LOCKED vault stays LOCKED, whatever writes the row (a bug, config, a hand in psql).
create function vault_lock_is_forever() returns trigger language plpgsql as $$
begin
    if old.immutability = 'LOCKED' and new.immutability <> 'LOCKED' then
        raise exception 'the vault is locked: immutability cannot go back from LOCKED';
    end if;
    return new;
end;
$$;
create trigger vault_lock_is_forever before update on vault_settings
    for each row execute function vault_lock_is_forever();
create rule vault_settings_never_deleted as on delete to vault_settings do instead nothing;

-- Every change of the vault settings, with who asked and who approved it.
create table vault_activity (
    id          bigserial primary key,
    occurred_at timestamptz not null,
    action      text not null,
    actor       text not null,
    approved_by text,
    detail      text
);

-- Multi-user authorization: a protected operation waits here until a backup-approver other than its
-- requester approves it (then its command is published), or it is rejected, withdrawn or expires.
create table pending_operation (
    id                uuid primary key,
    operation         text not null,
    instance_id       uuid,
    target            text,
    -- the instance's protection state when it was requested: an approval after it changed is refused
    observed_state    text,
    summary           text not null,
    request           text,
    idempotency_scope text not null,
    idempotency_key   text,
    state             text not null check (state in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPIRED')),
    requested_by      text not null,
    requested_at      timestamptz not null,
    expires_at        timestamptz not null,
    decided_by        text,
    decided_at        timestamptz,
    decision_comment  text
);
create index pending_operation_state on pending_operation (state, expires_at);
create index pending_operation_instance on pending_operation (instance_id, requested_at desc);

-- The second actor of an approved operation in the instance's activity log.
alter table instance_activity add column approved_by text;

-- A deleted instance stays (state DELETING: soft-deleted) until retention-service reports its data purged,
-- after the grace period; until then it can be undeleted.
alter table backup_instance add column deleted_at timestamptz;
alter table backup_instance add column delete_reason text;

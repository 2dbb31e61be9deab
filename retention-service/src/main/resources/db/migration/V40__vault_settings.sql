-- The vault-wide settings as retention-service applies them (issue 13). instance-service owns them
-- (its API, multi-user authorization) and publishes VaultSettingsChanged; this copy is what the sweep,
-- the purge and the instance deletions read in their own transaction, at the moment they delete.
create table vault_settings (
    id                       smallint primary key check (id = 1),
    immutability             text not null check (immutability in ('DISABLED', 'ENABLED', 'LOCKED')),
    min_retention            text,
    max_retention            text,
    -- ISO-8601; null until a change arrives: pgvault.retention.grace-period applies.
    grace_period             text,
    multi_user_authorization boolean not null default false,
    changed_at               timestamptz,
    changed_by               text,
    approved_by              text,
    locked_at                timestamptz
);
insert into vault_settings (id, immutability) values (1, 'DISABLED');

-- A LOCKED vault stays LOCKED whatever writes the row (a bug, a message, a hand in psql).
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

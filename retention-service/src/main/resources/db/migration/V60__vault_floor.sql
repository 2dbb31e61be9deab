-- Issue 13: the floor (newest live points per instance that expiry never deletes) is a vault setting,
-- applied from VaultSettingsChanged; null until one carries it: pgvault.retention.floor applies.
alter table vault_settings add column floor integer check (floor >= 1);

-- Issue 13: the floor (newest live points per instance that expiry never deletes) is a vault setting,
-- published with VaultSettingsChanged; null until start-up fills it from config (pgvault.instance.vault.floor).
alter table vault_settings add column floor integer check (floor >= 1);

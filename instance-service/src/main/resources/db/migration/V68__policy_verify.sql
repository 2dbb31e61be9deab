-- Restore verification (issue 14): a policy's verify setting, per version like its other terms.
-- every: EVERY_BACKUP, OFF or an ISO-8601 duration (P7D); target: the verification server's name.
alter table backup_policy add column verify_every text;
alter table backup_policy add column verify_target text;
alter table backup_policy_version add column verify_every text;
alter table backup_policy_version add column verify_target text;

-- Who placed each hold (issue 10). created_by is the caller: the user's token subject for a pin,
-- the service's subject for a restore hold, the command's actor (or instance-service) for the holds
-- a protection stop leaves. on_behalf_of is, for a restore hold, the user who asked for the restore.
alter table hold add column created_by text;
alter table hold add column on_behalf_of text;
-- Holds placed before this migration: stop holds came from instance-service's commands; who took a
-- pin or a restore hold was not recorded, so it stays unknown (null).
update hold set created_by = 'instance-service' where kind in ('RETAIN_FOREVER', 'LATEST');

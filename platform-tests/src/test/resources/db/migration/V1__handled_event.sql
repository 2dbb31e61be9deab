-- The test consumer's effect: one row each time its handler runs (no unique key, so a second run
-- of the same message would show as a second row).
create table handled_event (
    seq          bigserial primary key,
    event_id     uuid not null,
    instance_id  uuid not null,
    type         text not null
);

-- Wakes the outbox relays when rows are written. PostgreSQL delivers a NOTIFY only when the transaction
-- that sent it commits (and several in one transaction as one), so a relay woken by it always finds the
-- rows committed: this replica's relay and every other replica's listen on the channel (OutboxWakeup).
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('pgvault_outbox', '');
    return null;
end
$$;

create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();

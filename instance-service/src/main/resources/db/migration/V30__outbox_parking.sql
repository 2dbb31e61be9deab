-- A row the broker refuses for itself (too large, invalid) counts attempts; after pgvault.outbox.max-attempts it
-- is parked: rows of other keys flow past it, later rows of its key wait behind it until an admin retries it.
alter table outbox
    add column attempts   integer not null default 0,
    add column last_error text,
    add column parked_at  timestamptz;
create index outbox_parked on outbox (message_key, seq) where parked_at is not null and sent_at is null;

-- Transactional outbox: a state change and the message it causes commit together; the relay
-- publishes rows in seq order after commit and marks them sent once the broker acknowledged them.
create table outbox (
    id           uuid primary key,
    seq          bigserial not null unique,
    topic        text not null,
    message_key  text not null,
    type         text not null,
    payload      text not null,
    created_at   timestamptz not null,
    sent_at      timestamptz
);
create index outbox_unsent on outbox (seq) where sent_at is null;

-- Inbox: one row per message a consumer has processed, written in the consumer's transaction,
-- so a redelivered message changes nothing.
create table processed_message (
    event_id     uuid not null,
    consumer     text not null,
    type         text not null,
    processed_at timestamptz not null,
    primary key (event_id, consumer)
);

-- A key reused for a different request is refused (422) instead of answering the first request's result.
alter table idempotent_request add column request_hash text;

-- Users of the embedded issuer. The password is kept only as a PBKDF2 hash (algorithm, iterations,
-- salt and hash in one text); never in clear.
create table app_user (
    id                  uuid primary key,
    username            text not null,
    password_hash       text not null,
    roles               text not null,
    enabled             boolean not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    password_changed_at timestamptz not null
);
create unique index app_user_username on app_user (lower(username));

-- Every change to a user, by whom (the token's subject); kept after the user is gone.
create table user_activity (
    id          bigserial primary key,
    occurred_at timestamptz not null,
    action      text not null,
    actor       text not null,
    user_id     uuid,
    username    text not null,
    detail      text
);
create index user_activity_user on user_activity (user_id, id);

-- The catalog's own copy of each backup's manifest digest (SHA-256 of the manifest as stored): a restore
-- compares the store's manifest with it before it reads an artifact, so whoever can write the store cannot
-- swap a manifest unnoticed. Null for points written before it existed.
alter table job add column manifest_sha256 text;

-- Run once by the postgres image on an empty data directory (docker-compose.yml mounts it into
-- /docker-entrypoint-initdb.d): the role the services log in as and the database each one owns.
CREATE ROLE pgvault LOGIN CREATEDB PASSWORD 'pgvault';
CREATE DATABASE pgvault_instance OWNER pgvault;
CREATE DATABASE pgvault_job OWNER pgvault;
CREATE DATABASE pgvault_retention OWNER pgvault;

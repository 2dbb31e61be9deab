package io.pgvault.contracts.common;

import java.util.List;

/**
 * How to reach a PostgreSQL server. Never carries a password: job-service resolves credentials
 * where it runs (a libpq password file or a per-instance secret file).
 *
 * @param host      host name or IP address of the server
 * @param port      TCP port of the server, e.g. 5432
 * @param username  role to connect as
 * @param databases databases to back up; {@code null} or empty means every database that allows
 *                  connections
 * @param sslMode   libpq {@code sslmode}: disable, allow, prefer, require, verify-ca or verify-full
 */
public record Datasource(String host, int port, String username, List<String> databases, String sslMode) {

    public Datasource {
        databases = databases == null ? null : List.copyOf(databases);
    }
}

package io.pgvault.e2e.drills;

import io.pgvault.e2e.E2eSystem;
import io.pgvault.e2e.ServiceProcess;
import io.pgvault.e2e.SourceDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the drills read from the services' own databases, as an operator would with psql: the tests
 * compare facts (jobs, points, holds, states), never a service's internals through its code.
 */
final class Catalog {

    private final E2eSystem system;

    Catalog(E2eSystem system) {
        this.system = system;
    }

    /** One row per result row, its columns joined with {@code |} (null as {@code ∅}). */
    List<String> rows(ServiceProcess service, String sql) {
        try (Connection c = SourceDatabases.connect(system.databaseOf(service)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    if (i > 1) {
                        row.append('|');
                    }
                    String value = rs.getString(i);
                    row.append(value == null ? "∅" : value);
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(service.name + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    long count(ServiceProcess service, String sql) {
        return Long.parseLong(rows(service, sql).get(0));
    }

    /** The jobs of {@code instances} (ids). */
    List<String> jobs(List<String> instances) {
        return rows(system.jobService, "select id, instance_id, operation, trigger, status, error_code, recovery_point_id,"
                + " started_at, finished_at from job where instance_id in (" + in(instances) + ") order by id");
    }

    /** The catalog rows of the points of {@code instances}. */
    List<String> points(List<String> instances) {
        return rows(system.retentionService, "select id, instance_id, job_id, tag, state, birth_expires_at, expires_at,"
                + " deleted_at, purged_at from recovery_point where instance_id in (" + in(instances) + ") order by id");
    }

    /** The holds on points of {@code instances}. */
    List<String> holds(List<String> instances) {
        return rows(system.retentionService, "select recovery_point_id, kind, owner, lease_expires_at from hold"
                + " where instance_id in (" + in(instances) + ") order by recovery_point_id, kind, owner");
    }

    /** The protection state, due time and active backup of {@code instances}. */
    List<String> instances(List<String> instances) {
        return rows(system.instanceService, "select id, state, policy_id, next_due_at, active_backup_job_id, updated_at"
                + " from backup_instance where id in (" + in(instances) + ") order by id");
    }

    /** {@code ids} as an SQL list of literals (UUIDs the drills made; never user input). */
    static String in(List<String> ids) {
        return ids.isEmpty() ? "null" : ids.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(","));
    }
}

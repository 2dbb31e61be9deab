package io.pgvault.platform.messaging;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure worth retrying (the database or the network will very likely answer again in a
 * moment) from one that will fail the same way every time. Only the first kind is retried before the
 * dead-letter topic; the cause chain is searched, since Hibernate Reactive and Mutiny wrap the driver's
 * exception.
 *
 * <p>Transient: connection refused, reset or closed; a pool with no free connection; a timeout;
 * PostgreSQL's serialization failure and deadlock (40001, 40P01), a server shutting down or starting
 * (57P01, 57P02, 57P03), too many connections (53300) and every connection exception (class 08).
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    /** Whether {@code failure}, or something in its cause chain, is transient. */
    public static boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isTransientItself(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a SQLSTATE names a failure that goes away by itself. */
    public static boolean isTransientSqlState(String state) {
        if (state == null || state.length() != 5) {
            return false;
        }
        return state.startsWith("08") // connection exception
                || state.equals("40001") // serialization_failure
                || state.equals("40P01") // deadlock_detected
                || state.equals("57P01") // admin_shutdown
                || state.equals("57P02") // crash_shutdown
                || state.equals("57P03") // cannot_connect_now (starting up, shutting down)
                || state.equals("53300"); // too_many_connections
    }

    private static boolean isTransientItself(Throwable t) {
        if (t instanceof PgException pg) {
            return isTransientSqlState(pg.getSqlState());
        }
        if (t instanceof SQLException sql && isTransientSqlState(sql.getSQLState())) {
            return true;
        }
        if (t instanceof SQLTransientException
                || t instanceof ConnectException
                || t instanceof SocketException
                || t instanceof TimeoutException
                || t instanceof ClosedConnectionException
                || t instanceof io.netty.channel.ConnectTimeoutException) {
            return true;
        }
        // Vert.x and Netty report a dropped or refused connection, and a pool with no free connection, as
        // plain exceptions (VertxException, NoStackTraceThrowable, IOException) told apart by their message.
        String message = t.getMessage();
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        boolean ioLike = t instanceof IOException || t.getClass().getName().startsWith("io.vertx.")
                || t.getClass().getName().startsWith("io.netty.");
        return ioLike && (m.contains("connection refused")
                || m.contains("connection reset")
                || m.contains("connection was closed")
                || m.contains("connection is closed")
                || m.contains("pending requests")
                || m.contains("timeout")
                || m.contains("timed out")
                || m.contains("broken pipe")
                || m.contains("max wait queue"));
    }
}

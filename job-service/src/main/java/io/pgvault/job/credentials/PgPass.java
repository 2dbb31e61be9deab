package io.pgvault.job.credentials;

/**
 * Lines of a libpq password file ({@code hostname:port:database:username:password}). pgvault writes one
 * line per file, scoped to one server and role, so libpq offers the password to that server only; never
 * {@code *:*:*:*}, which offers it to whatever server a connection reaches.
 */
public final class PgPass {

    private PgPass() {
    }

    /**
     * {@code host:port:*:user:password}, every field escaped. The database is {@code *} because a backup
     * connects to several databases of its server.
     *
     * @throws IllegalArgumentException if the password holds a line break (a password file cannot carry one)
     */
    public static String line(String host, int port, String user, String password) {
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a password file line cannot hold a line break");
        }
        return escape(host) + ":" + port + ":*:" + escape(user) + ":" + escape(password) + "\n";
    }

    /**
     * libpq's escaping: a backslash before {@code \} and {@code :}, and before {@code *}, so that a host or
     * role named {@code *} is that name, never the wildcard.
     */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ':' || c == '*') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}

package io.pgvault.job.credentials;

import java.nio.charset.StandardCharsets;

/**
 * The file name of a restore target's secret, {@code <host>_<port>_<user>.password} under
 * {@code <secrets>/targets/}, written so that no host or role name can leave that directory or name
 * another target's file.
 *
 * <p>The rule: in the host every character but {@code A-Z a-z 0-9 . -}, and in the user every character but
 * {@code A-Z a-z 0-9 . _ -}, is written {@code %XX} (upper-case hex, one per UTF-8 byte), and so is a
 * leading {@code .} of the host. So {@code /}, NUL and {@code %} never appear as themselves, the name never
 * starts with a dot (never {@code .} or {@code ..}, never hidden), and since the host part holds no
 * {@code _} and the port only digits, two targets never share a name. Ordinary names stay as they are:
 * {@code db2.internal_5432_restorer.password}, {@code 10.0.0.7_5433_pgvault.password}; an IPv6 address
 * {@code ::1} becomes {@code %3A%3A1_5432_postgres.password}.
 */
public final class TargetSecretName {

    private static final int MAX_NAME_BYTES = 255;

    private TargetSecretName() {
    }

    /**
     * The secret file name of a target server and role.
     *
     * @throws IllegalArgumentException for an empty host or user, a port out of range, or a name too long for a file
     */
    public static String of(String host, int port, String user) {
        if (host == null || host.isEmpty() || user == null || user.isEmpty()) {
            throw new IllegalArgumentException("a restore target needs a host and a user");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
        String name = encode(host, false) + "_" + port + "_" + encode(user, true) + ".password";
        if (name.length() > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("the secret file name of this target would be longer than "
                    + MAX_NAME_BYTES + " characters");
        }
        return name;
    }

    private static String encode(String value, boolean underscoreAllowed) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean safe = b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-'
                    || b == '.' && (underscoreAllowed || i > 0) || b == '_' && underscoreAllowed;
            if (safe) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

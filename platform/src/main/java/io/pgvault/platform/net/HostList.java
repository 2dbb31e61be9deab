package io.pgvault.platform.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A list of host names, IP addresses and CIDR blocks (IPv4 and IPv6), and whether a host is on it.
 *
 * <p>No name is ever resolved: a host name matches a listed name (case-insensitive, a trailing dot
 * ignored), an address literal matches a listed address or a block that contains it. So
 * {@code localhost} does not match {@code 127.0.0.1/8}, and a DNS answer can never put a host on the
 * list. An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) counts as its IPv4 address.
 */
public final class HostList {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<String> names = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final List<String> entries;

    private HostList(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A block of addresses: the first {@code bits} bits of {@code address}. */
    private record Block(byte[] address, int bits) {

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (candidate[whole] & mask) == (address[whole] & mask);
        }
    }

    /**
     * The list of {@code entries}: each a host name, an address or a CIDR block ({@code 10.0.0.0/8},
     * {@code fd00::/8}); blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first entry that is none of these
     */
    public static HostList of(Collection<String> entries) {
        List<String> kept = entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
        HostList list = new HostList(kept);
        for (String entry : kept) {
            int slash = entry.indexOf('/');
            if (isSocketPath(entry)) {
                list.names.add(entry);
            } else if (slash > 0) {
                list.blocks.add(block(entry, entry.substring(0, slash), entry.substring(slash + 1)));
            } else {
                Optional<byte[]> address = literal(entry);
                if (address.isPresent()) {
                    list.blocks.add(new Block(address.get(), address.get().length * 8));
                } else if (isHostName(entry)) {
                    list.names.add(normalise(entry));
                } else {
                    throw new IllegalArgumentException("'" + entry + "' is not a host name, an IP address or a CIDR"
                            + " block (e.g. db2.internal, 10.0.0.5, 10.0.0.0/8, fd00::/8)");
                }
            }
        }
        return list;
    }

    /** Whether {@code host} (a name or an address literal, IPv6 with or without brackets) is on the list. */
    public boolean contains(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        Optional<byte[]> address = literal(host.trim());
        if (address.isPresent()) {
            return blocks.stream().anyMatch(b -> b.contains(address.get()));
        }
        return names.contains(normalise(host.trim()));
    }

    /**
     * Whether two hosts are the same by the rules of the list, without resolving either: the same address in
     * any spelling, or the same name ignoring case and a trailing dot.
     */
    public static boolean sameHost(String a, String b) {
        if (a == null || b == null || a.isBlank() || b.isBlank()) {
            return false;
        }
        Optional<byte[]> left = literal(a.trim());
        Optional<byte[]> right = literal(b.trim());
        if (left.isPresent() || right.isPresent()) {
            return left.isPresent() && right.isPresent() && Arrays.equals(left.get(), right.get());
        }
        return normalise(a.trim()).equals(normalise(b.trim()));
    }

    /** The entries as given (trimmed, blanks dropped). */
    public List<String> entries() {
        return entries;
    }

    /**
     * The bytes of an IP address literal (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6); empty for
     * anything else, which is then never looked up.
     */
    public static Optional<byte[]> literal(String text) {
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
            return Optional.empty();
        }
        if (IPV4.matcher(value).matches()) {
            for (String part : value.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // Only literals get here (digits, dots, hex and colons), which InetAddress parses without DNS.
            return Optional.of(InetAddress.getByName(value).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Block block(String entry, String address, String bits) {
        byte[] bytes = literal(address).orElseThrow(() -> new IllegalArgumentException(
                "'" + entry + "' is not a CIDR block: '" + address + "' is not an IP address"));
        int length;
        try {
            length = Integer.parseInt(bits);
        } catch (NumberFormatException e) {
            length = -1;
        }
        int max = bytes.length * 8;
        if (address.contains(":") && bytes.length == 4) {
            // ::ffff:a.b.c.d/N counts the IPv6 bits; its IPv4 part is the last 32 of them.
            length -= 96;
        }
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("'" + entry + "' is not a CIDR block: the prefix length must be 0 to "
                    + max);
        }
        return new Block(bytes, length);
    }

    private static boolean isHostName(String entry) {
        return entry.length() <= 255 && !IPV4.matcher(entry).matches()
                && entry.matches("[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?"
                + "(\\.[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?)*\\.?");
    }

    /**
     * Whether {@code host} names a Unix-domain socket directory rather than a network host, as libpq reads it: a
     * path ({@code /run/postgresql}) or an abstract socket namespace ({@code @pg}).
     */
    public static boolean isSocketPath(String host) {
        return host != null && (host.startsWith("/") || host.startsWith("@"));
    }

    /** Host names ignore case and a trailing dot; a socket path is kept exactly. */
    private static String normalise(String name) {
        if (isSocketPath(name)) {
            return name;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") && lower.length() > 1 ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }
}

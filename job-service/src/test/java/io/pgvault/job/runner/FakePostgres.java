package io.pgvault.job.runner;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on a loopback address that speaks just enough of the PostgreSQL protocol (v3) to ask every
 * client for a cleartext password: it refuses SSL and GSS encryption ({@code N}), reads the
 * StartupMessage, answers AuthenticationCleartextPassword ({@code R}, code 3), records whatever arrives
 * after that (a PasswordMessage {@code p}, or nothing when the client gives up) and refuses the login.
 */
final class FakePostgres implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int PROTOCOL_3 = 196608;

    /**
     * One connection as the server saw it.
     *
     * @param startup           the StartupMessage's parameters (user, database, application_name, …)
     * @param password          the PasswordMessage's password; {@code null} if none arrived
     * @param bytesAfterStartup bytes the client sent after the authentication request
     */
    record Connection(Map<String, String> startup, String password, int bytesAfterStartup) {
    }

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FakePostgres(String loopbackAddress) {
        try {
            InetAddress address = InetAddress.getByName(loopbackAddress);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException(loopbackAddress + " is not a loopback address");
            }
            server = new ServerSocket(0, 50, address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptAll, "fake-postgres-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    /** TCP connections accepted so far, whatever they sent. */
    int accepted() {
        return accepted.get();
    }

    /** The connections that got as far as the password request, in order. */
    List<Connection> connections() {
        return List.copyOf(connections);
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                accepted.incrementAndGet();
                socket.setSoTimeout(15_000);
                serve(socket);
            } catch (IOException e) {
                // closed, or a client that hung up mid-message: the next one
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        Map<String, String> startup;
        while (true) {
            int length = in.readInt();
            int code = in.readInt();
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                out.write('N');
                out.flush();
                continue;
            }
            byte[] body = new byte[length - 8];
            in.readFully(body);
            if (code != PROTOCOL_3) {
                return;
            }
            startup = parameters(body);
            break;
        }
        out.write('R');
        out.writeInt(8);
        out.writeInt(3);
        out.flush();
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        String password = null;
        int type = in.read();
        if (type == 'p') {
            after.write(type);
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            after.write(body);
            password = new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
            refuse(out, startup.get("user"));
        } else if (type >= 0) {
            after.write(type);
            after.write(in.readNBytes(in.available()));
        }
        connections.add(new Connection(startup, password, after.size()));
    }

    private static Map<String, String> parameters(byte[] body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String[] fields = new String(body, StandardCharsets.UTF_8).split("\0");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            parameters.put(fields[i], fields[i + 1]);
        }
        return parameters;
    }

    /** ErrorResponse: FATAL 28P01, as a server that does not take the password says. */
    private static void refuse(DataOutputStream out, String user) throws IOException {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (String field : List.of("SFATAL", "VFATAL", "C28P01",
                "Mpassword authentication failed for user \"" + user + "\"")) {
            fields.write(field.getBytes(StandardCharsets.UTF_8));
            fields.write(0);
        }
        fields.write(0);
        out.write('E');
        out.writeInt(4 + fields.size());
        fields.writeTo(out);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package io.pgvault.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback "PostgreSQL server" that captures any password a client sends it: it speaks enough of the
 * wire protocol for libpq to get that far (an SSLRequest or GSSENCRequest is answered 'N', the
 * StartupMessage with AuthenticationCleartextPassword), records the payload of every PasswordMessage
 * ('p') and then refuses the login. Every byte received is kept as well, so a test can also look for a
 * secret anywhere in what was sent.
 */
final class PasswordCapturingServer implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int AUTH_CLEARTEXT_PASSWORD = 3;

    private final ServerSocket socket;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    PasswordCapturingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptAll, "password-capturing-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return socket.getInetAddress().getHostAddress();
    }

    int port() {
        return socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** The payloads of every PasswordMessage received. */
    synchronized byte[] capturedPasswords() {
        return captured.toByteArray();
    }

    /** Every byte any client sent. */
    synchronized String receivedText() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                connections.incrementAndGet();
                client.setSoTimeout(10_000);
                converse(client);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
                // a client that hung up or timed out: on to the next one
            }
        }
    }

    private void converse(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(new Recording(client.getInputStream()));
        DataOutputStream out = new DataOutputStream(client.getOutputStream());
        while (true) { // SSLRequest / GSSENCRequest, then the StartupMessage
            int length = in.readInt();
            int code = in.readInt();
            in.readFully(new byte[length - 8]);
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                out.writeByte('N');
                out.flush();
            } else {
                break;
            }
        }
        out.writeByte('R');
        out.writeInt(8);
        out.writeInt(AUTH_CLEARTEXT_PASSWORD);
        out.flush();
        while (true) {
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (SocketException e) {
                return;
            }
            byte[] payload = new byte[in.readInt() - 4];
            in.readFully(payload);
            if (type == 'p') {
                synchronized (this) {
                    captured.write(payload);
                }
                byte[] error = "SFATAL\0C28P01\0Mpassword authentication failed\0\0".getBytes(StandardCharsets.US_ASCII);
                out.writeByte('E');
                out.writeInt(4 + error.length);
                out.write(error);
                out.flush();
                return;
            }
            if (type == 'X') {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies every byte read into {@link #received}. */
    private final class Recording extends InputStream {
        private final InputStream in;

        Recording(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (PasswordCapturingServer.this) {
                    received.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                synchronized (PasswordCapturingServer.this) {
                    received.write(buffer, offset, n);
                }
            }
            return n;
        }
    }
}

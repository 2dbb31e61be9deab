package io.pgvault.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgvault.cli.http.Endpoints;
import io.pgvault.cli.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sign-in file {@code $XDG_CONFIG_HOME/pgvault/credentials.json} (default {@code ~/.config/pgvault/}):
 * the directory is 0700 and the file 0600, written to a private temporary file and moved into place, so no
 * other user can ever read the token, not even while it is written.
 */
public final class LoginStore {

    static final String FILE_NAME = "credentials.json";
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path directory;

    public LoginStore(Path directory) {
        this.directory = directory;
    }

    /** The directory from {@code XDG_CONFIG_HOME} (if absolute, as the XDG spec says) or {@code $HOME/.config}. */
    public static Path directory(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else {
            String home = env.getOrDefault("HOME", userHome);
            base = Path.of(home == null || home.isBlank() ? userHome : home, ".config");
        }
        return base.resolve("pgvault");
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    public Optional<StoredLogin> read() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JsonTrees.read(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode e = n.path("endpoints");
            return Optional.of(new StoredLogin(text(n, "username"), text(n, "tokenType"), text(n, "accessToken"),
                    text(n, "expiresAt"), text(n, "server"),
                    new Endpoints(text(e, "instance"), text(e, "job"), text(e, "retention"))));
        } catch (IOException | RuntimeException e) {
            // An unreadable file is as good as none: the user signs in again.
            return Optional.empty();
        }
    }

    public void write(StoredLogin login) {
        ObjectNode n = JsonTrees.object();
        n.put("username", login.username());
        n.put("tokenType", login.tokenType());
        n.put("accessToken", login.accessToken());
        n.put("expiresAt", login.expiresAt());
        n.put("server", login.server());
        ObjectNode e = n.putObject("endpoints");
        e.put("instance", login.endpoints().instance());
        e.put("job", login.endpoints().job());
        e.put("retention", login.endpoints().retention());
        try {
            privateDirectory();
            Path tmp = Files.createTempFile(directory, ".credentials", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
            try {
                Files.writeString(tmp, JsonTrees.write(n, true) + "\n",
                        StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(tmp, FILE_MODE);
                move(tmp, file());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file() + ": " + ex.getMessage(), ex);
        }
    }

    /** Removes the sign-in; answers whether there was one. */
    public boolean delete() {
        try {
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file() + ": " + e.getMessage(), e);
        }
    }

    private void privateDirectory() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(directory);
            return;
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIR_MODE));
        }
        // Ours alone, also when it was made by hand with a wider mode.
        Files.setPosixFilePermissions(directory, DIR_MODE);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

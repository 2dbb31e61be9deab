package io.pgvault.e2e.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one line of figures a drill leaves: {@code drill <name>: key=value, ...}, printed and written to
 * {@code e2e-tests/target/drills/<name>.txt} (what the README's "Reliability" table is copied from).
 */
final class Figures {

    private final String name;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Figures(String name) {
        this.name = name;
    }

    Figures put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    String line() {
        return "drill " + name + ": " + values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Prints the line and writes it to {@code target/drills/<name>.txt}; answers the line. */
    String publish() {
        String line = line();
        System.out.println(line);
        Path dir = Path.of(System.getProperty("pgvault.e2e.target", "target")).resolve("drills");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), line + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line;
    }
}

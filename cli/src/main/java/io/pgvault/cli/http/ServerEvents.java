package io.pgvault.cli.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads a Server-Sent Events stream line by line and yields each event's data (the {@code data:} lines of
 * one event joined by newlines), as the HTML standard's event-stream parsing says; comments, {@code event:},
 * {@code id:} and {@code retry:} lines are skipped.
 */
public final class ServerEvents implements Iterator<String> {

    private final Iterator<String> lines;
    private String next;

    public ServerEvents(Iterator<String> lines) {
        this.lines = lines;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String data = next;
        next = null;
        return data;
    }

    private String read() {
        List<String> data = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return String.join("\n", data);
                }
                continue;
            }
            if (line.startsWith("data:")) {
                String value = line.substring(5);
                data.add(value.startsWith(" ") ? value.substring(1) : value);
            }
        }
        // A stream that ends without the blank line still delivers its last event.
        return data.isEmpty() ? null : String.join("\n", data);
    }
}

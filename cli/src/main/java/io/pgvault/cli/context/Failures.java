package io.pgvault.cli.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.http.RefusedException;
import io.pgvault.cli.http.SignInRequiredException;
import io.pgvault.cli.http.UnreachableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a failed command prints and which exit code it answers. */
public final class Failures {

    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "instance", "errors");

    private Failures() {}

    public static int exitCode(Throwable failure) {
        if (failure instanceof UnreachableException) {
            return ExitCode.UNREACHABLE;
        }
        return ExitCode.REFUSED;
    }

    /** The lines for standard error: the problem's detail, then each field error and fact, indented. */
    public static List<String> describe(Throwable failure) {
        List<String> lines = new ArrayList<>();
        if (failure instanceof RefusedException r) {
            JsonNode p = r.problem();
            lines.add("error: " + r.getMessage());
            JsonNode errors = p.path("errors");
            // The detail of a 400 already joins the field errors; list them one a line instead.
            if (errors.isArray() && errors.size() > 0) {
                lines.set(0, "error: " + p.path("title").asText("the request was refused") + " (HTTP " + r.status() + ")");
                errors.forEach(e -> lines.add("  " + e.path("field").asText("?") + ": " + e.path("message").asText()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!PROBLEM_MEMBERS.contains(f.getKey()) && isPlain(f.getValue())) {
                    lines.add("  " + f.getKey() + ": " + plain(f.getValue()));
                }
            }
        } else if (failure instanceof SignInRequiredException s) {
            lines.add("error: not signed in, or the sign-in has expired (" + s.getMessage() + "): run 'pgvault login'");
        } else if (failure instanceof UnreachableException u) {
            lines.add("error: cannot reach " + u.service().label() + " at " + u.url() + ": " + u.getMessage());
            lines.add("  is pgvault running (scripts/run)? Point the command elsewhere with --server URL, "
                    + "PGVAULT_SERVER or " + u.service().envVariable() + ".");
        } else if (failure instanceof UncheckedIOException io) {
            lines.add("error: " + io.getMessage());
        } else {
            lines.add("error: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
        }
        return lines;
    }

    private static boolean isPlain(JsonNode v) {
        if (v.isValueNode()) {
            return !v.isNull();
        }
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isValueNode()) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static String plain(JsonNode v) {
        if (v.isValueNode()) {
            return v.asText();
        }
        List<String> items = new ArrayList<>();
        v.forEach(e -> items.add(e.asText()));
        return String.join(", ", items);
    }
}

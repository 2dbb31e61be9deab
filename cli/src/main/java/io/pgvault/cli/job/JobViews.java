package io.pgvault.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.output.Bytes;
import io.pgvault.cli.output.Details;
import io.pgvault.cli.output.Styles;
import io.pgvault.cli.output.Table;
import io.pgvault.cli.output.Table.Column;
import io.pgvault.cli.output.Times;
import io.pgvault.cli.output.View;
import java.time.Instant;
import java.util.List;

/** How jobs look to people. */
public final class JobViews {

    private JobViews() {}

    static View list() {
        return (data, styles, now) -> new Table(List.of(
                Column.of("ID", j -> Table.text(j, "id")),
                Column.of("OPERATION", j -> Table.text(j, "operation")),
                Column.of("INSTANCE", j -> Table.text(j, "instanceName")),
                Column.state("STATUS", j -> Table.text(j, "status")),
                Column.of("PROGRESS", j -> j.hasNonNull("percent") ? j.path("percent").asInt() + "%" : ""),
                Column.of("SIZE", j -> j.hasNonNull("bytes") ? Bytes.human(j.path("bytes").asLong()) : ""),
                Column.of("CREATED", j -> Times.relative(Table.text(j, "createdAt"), now)),
                Column.of("DURATION", j -> j.hasNonNull("durationMs") ? Times.duration(j.path("durationMs").asLong()) : ""),
                Column.of("ERROR", j -> Table.text(j, "errorCode")))).render(data, styles);
    }

    /** One job: its facts, its error and recommendation, its sub-tasks. */
    public static View details() {
        return JobViews::details;
    }

    private static List<String> details(JsonNode j, Styles styles, Instant now) {
        String error = j.path("error").isObject()
                ? Table.text(j, "error.code") + ": " + Table.text(j, "error.message")
                : Table.text(j, "errorCode");
        String policy = j.hasNonNull("policyName") ? Table.text(j, "policyName") + " v" + Table.text(j, "policyVersion") : "";
        String size = j.hasNonNull("bytes") ? Bytes.human(j.path("bytes").asLong()) : "";
        if (j.hasNonNull("bytesEstimated") && j.path("bytesEstimated").asLong() > 0) {
            size += " (database about " + Bytes.human(j.path("bytesEstimated").asLong()) + ")";
        }
        List<String> subTasks = j.path("subTasks").size() == 0 ? List.of() : new Table(List.of(
                Column.of("#", t -> Table.text(t, "position")),
                Column.of("KIND", t -> Table.text(t, "kind")),
                Column.of("DATABASE", t -> Table.text(t, "database")),
                Column.of("ARTIFACT", t -> Table.text(t, "artifact")),
                Column.state("STATUS", t -> Table.text(t, "status")),
                Column.of("SIZE", t -> t.hasNonNull("bytes") ? Bytes.human(t.path("bytes").asLong()) : ""),
                Column.of("TIME", t -> t.hasNonNull("durationMs") ? Times.duration(t.path("durationMs").asLong()) : "")))
                .render(j.path("subTasks"), styles);
        return new Details(styles)
                .field("Job", Table.text(j, "id"))
                .field("Operation", (Table.text(j, "operation") + " " + paren(Table.text(j, "trigger"))).strip())
                .field("Instance", (Table.text(j, "instanceName") + " " + paren(Table.text(j, "instanceId"))).strip())
                .field("Policy", policy)
                .state("Status", Table.text(j, "status"))
                .field("Progress", j.hasNonNull("percent") ? j.path("percent").asInt() + "%" : "")
                .field("Size", size)
                .field("Created", Times.absoluteAndRelative(Table.text(j, "createdAt"), now))
                .field("Started", Times.absoluteAndRelative(Table.text(j, "startedAt"), now))
                .field("Finished", Times.absoluteAndRelative(Table.text(j, "finishedAt"), now))
                .field("Duration", j.hasNonNull("durationMs") ? Times.duration(j.path("durationMs").asLong()) : "")
                .field("Recovery point", Table.text(j, "recoveryPointId"))
                .field("Error", styles.red(error))
                .field("Recommendation", Table.text(j, "error.recommendation"))
                .section("Sub-tasks", subTasks)
                .lines();
    }

    private static String paren(String s) {
        return s.isEmpty() ? "" : "(" + s + ")";
    }
}

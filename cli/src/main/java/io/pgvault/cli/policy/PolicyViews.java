package io.pgvault.cli.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.output.Details;
import io.pgvault.cli.output.Table;
import io.pgvault.cli.output.Table.Column;
import io.pgvault.cli.output.Times;
import io.pgvault.cli.output.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How policies look to people. */
final class PolicyViews {

    private PolicyViews() {}

    static View list() {
        return (data, styles, now) -> new Table(List.of(
                Column.of("NAME", p -> Table.text(p, "name")),
                Column.of("VERSION", p -> Table.text(p, "version")),
                Column.of("SCHEDULE", p -> Table.text(p, "schedule")),
                Column.of("TIME ZONE", p -> Table.text(p, "timeZone")),
                Column.of("RETENTION", PolicyViews::retention),
                Column.of("NEXT RUN", p -> Times.relative(Table.text(p, "nextRunAfterNow"), now)),
                Column.of("ID", p -> Table.text(p, "id")))).render(data, styles);
    }

    static View details() {
        return (p, styles, now) -> new Details(styles)
                .field("Name", Table.text(p, "name"))
                .field("Id", Table.text(p, "id"))
                .field("Version", Table.text(p, "version"))
                .field("Schedule", Table.text(p, "schedule"))
                .field("Time zone", Table.text(p, "timeZone"))
                .field("Retention", retention(p))
                .field("Next run", Times.absoluteAndRelative(Table.text(p, "nextRunAfterNow"), now))
                .field("Created", Times.absoluteAndRelative(Table.text(p, "createdAt"), now))
                .field("Updated", Times.absoluteAndRelative(Table.text(p, "updatedAt"), now))
                .lines();
    }

    static View versions() {
        return (data, styles, now) -> new Table(List.of(
                Column.of("VERSION", v -> Table.text(v, "version")),
                Column.of("WRITTEN", v -> Times.relative(Table.text(v, "createdAt"), now)),
                Column.of("SCHEDULE", v -> Table.text(v, "schedule")),
                Column.of("TIME ZONE", v -> Table.text(v, "timeZone")),
                Column.of("DEFAULT", v -> Table.text(v, "defaultRetention")),
                Column.of("WEEKLY", v -> Table.text(v, "weeklyRetention")),
                Column.of("MONTHLY", v -> Table.text(v, "monthlyRetention")),
                Column.of("YEARLY", v -> Table.text(v, "yearlyRetention")))).render(data, styles);
    }

    /** {@code P30D, weekly P12W, monthly P12M}. */
    static String retention(JsonNode p) {
        List<String> parts = new ArrayList<>();
        parts.add(Table.text(p, "defaultRetention"));
        p.path("taggedRules").forEach(r -> parts.add(r.path("tag").asText().toLowerCase(Locale.ROOT) + " "
                + r.path("duration").asText()));
        return String.join(", ", parts);
    }
}

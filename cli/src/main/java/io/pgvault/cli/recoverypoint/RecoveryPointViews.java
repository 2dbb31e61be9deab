package io.pgvault.cli.recoverypoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.output.Bytes;
import io.pgvault.cli.output.Details;
import io.pgvault.cli.output.Styles;
import io.pgvault.cli.output.Table;
import io.pgvault.cli.output.Table.Column;
import io.pgvault.cli.output.Times;
import io.pgvault.cli.output.View;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How recovery points look to people. */
final class RecoveryPointViews {

    private RecoveryPointViews() {}

    static View list() {
        return (data, styles, now) -> new Table(List.of(
                Column.of("ID", p -> Table.text(p, "id")),
                Column.of("CREATED", p -> Times.relative(Table.text(p, "createdAt"), now)),
                Column.of("TAG", p -> Table.text(p, "tag")),
                Column.state("STATE", p -> Table.text(p, "state")),
                Column.of("SIZE", p -> p.hasNonNull("sizeBytes") ? Bytes.human(p.path("sizeBytes").asLong()) : ""),
                Column.of("EXPIRES", p -> expires(p, now)),
                Column.of("POLICY", p -> Table.text(p, "policyName") + " v" + Table.text(p, "policyVersion")),
                Column.of("JOB", p -> Table.text(p, "jobId")))).render(data, styles);
    }

    static View details() {
        return RecoveryPointViews::details;
    }

    private static List<String> details(JsonNode p, Styles styles, Instant now) {
        List<String> holds = p.path("holds").size() == 0 ? List.of() : new Table(List.of(
                Column.of("KIND", h -> Table.text(h, "kind")),
                Column.of("OWNER", h -> Table.text(h, "owner")),
                Column.of("SINCE", h -> Times.relative(Table.text(h, "createdAt"), now)),
                Column.of("LEASE UNTIL", h -> Times.relative(Table.text(h, "leaseExpiresAt"), now)),
                Column.of("ACTIVE", h -> Table.text(h, "active")))).render(p.path("holds"), styles);
        List<String> artifacts = p.path("artifacts").size() == 0 ? List.of() : new Table(List.of(
                Column.of("NAME", a -> Table.text(a, "name")),
                Column.of("KIND", a -> Table.text(a, "kind")),
                Column.of("DATABASE", a -> Table.text(a, "database")),
                Column.of("SIZE", a -> a.hasNonNull("bytes") ? Bytes.human(a.path("bytes").asLong()) : ""),
                Column.of("COMPRESSION", a -> Table.text(a, "compression")))).render(p.path("artifacts"), styles);
        return new Details(styles)
                .field("Recovery point", Table.text(p, "id"))
                .field("Instance", Table.text(p, "instanceId"))
                .field("Job", Table.text(p, "jobId"))
                .state("State", Table.text(p, "state"))
                .field("Tag", Table.text(p, "tag"))
                .field("Created", Times.absoluteAndRelative(Table.text(p, "createdAt"), now))
                .field("Expires", expiresLong(p, now))
                .field("Size", p.hasNonNull("sizeBytes") ? Bytes.human(p.path("sizeBytes").asLong()) : "")
                .field("Policy", Table.text(p, "policyName") + " v" + Table.text(p, "policyVersion"))
                .field("Server", versions(p))
                .field("Deleted", Times.absoluteAndRelative(Table.text(p, "deletedAt"), now))
                .field("Delete reason", Table.text(p, "deleteReason"))
                .field("Files missing", p.path("filesMissing").asBoolean() ? styles.red("yes: the store has no files for it") : "")
                .field("Verdict", styles.state(Table.text(p, "explanation.verdict")))
                .field("Why", Table.text(p, "explanation.summary"))
                .section("Holds", holds)
                .section("Artifacts", artifacts)
                .lines();
    }

    /** The retention explanation: verdict, summary, rule, floor, and each reason. */
    static View explanation() {
        return (p, styles, now) -> {
            JsonNode e = p.path("explanation");
            List<String> reasons = new ArrayList<>();
            e.path("reasons").forEach(r -> reasons.add(r.asText()));
            return new Details(styles)
                    .field("Recovery point", Table.text(p, "id"))
                    .field("Verdict", styles.state(Table.text(e, "verdict")))
                    .field("Summary", Table.text(e, "summary"))
                    .field("Rule", Table.text(e, "rule.reason"))
                    .field("Born to expire", Times.absoluteAndRelative(Table.text(e, "birthExpiresAt"), now))
                    .field("Expires", Times.absoluteAndRelative(Table.text(e, "expiresAt"), now)
                            + (e.path("extended").asBoolean() ? " (extended)" : ""))
                    .field("Earliest deletion", Times.absoluteAndRelative(Table.text(e, "earliestDeletionAt"), now))
                    .field("Purge after", Times.absoluteAndRelative(Table.text(e, "purgeAfter"), now))
                    .field("Floor", e.path("floor").isObject()
                            ? "keeps the newest " + Table.text(e, "floor.size") + "; " + Table.text(e, "floor.newerLivePoints")
                                    + " newer live point(s)" + (e.path("floor").path("protectedByFloor").asBoolean()
                                            ? ", so the floor keeps this one" : "")
                            : "")
                    .section("Reasons", reasons)
                    .lines();
        };
    }

    private static String expires(JsonNode p, Instant now) {
        if (p.path("retainedForever").asBoolean() || (p.has("expiresAt") && p.get("expiresAt").isNull())) {
            return "never";
        }
        return Times.relative(Table.text(p, "expiresAt"), now);
    }

    private static String expiresLong(JsonNode p, Instant now) {
        if (p.path("retainedForever").asBoolean() || (p.has("expiresAt") && p.get("expiresAt").isNull())) {
            return "never (retained forever)";
        }
        return Times.absoluteAndRelative(Table.text(p, "expiresAt"), now);
    }

    private static String versions(JsonNode p) {
        String server = Table.text(p, "manifest.serverVersion");
        return server.isEmpty() ? "" : "PostgreSQL " + server + ", pg_dump " + Table.text(p, "manifest.pgDumpVersion");
    }
}

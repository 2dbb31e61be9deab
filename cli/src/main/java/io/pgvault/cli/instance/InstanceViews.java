package io.pgvault.cli.instance;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.output.Details;
import io.pgvault.cli.output.Styles;
import io.pgvault.cli.output.Table;
import io.pgvault.cli.output.Table.Column;
import io.pgvault.cli.output.Times;
import io.pgvault.cli.output.View;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How backup instances look to people. */
final class InstanceViews {

    private InstanceViews() {}

    static View list() {
        return (data, styles, now) -> new Table(List.of(
                Column.of("NAME", i -> Table.text(i, "name")),
                Column.state("STATE", i -> Table.text(i, "state")),
                Column.of("POLICY", InstanceViews::policy),
                Column.of("SERVER", InstanceViews::server),
                Column.of("LAST BACKUP", i -> lastBackup(i, now)),
                Column.of("NEXT BACKUP", i -> Times.relative(Table.text(i, "nextBackupAt"), now)),
                Column.of("POINTS", i -> Table.text(i, "recoveryPoints")),
                Column.of("ID", i -> Table.text(i, "id")))).render(data, styles);
    }

    static View details() {
        return InstanceViews::details;
    }

    private static List<String> details(JsonNode i, Styles styles, Instant now) {
        JsonNode ds = i.path("datasource");
        List<String> databases = new ArrayList<>();
        ds.path("databases").forEach(d -> databases.add(d.asText()));
        String stop = i.path("stop").isObject()
                ? Table.text(i, "stop.mode") + ", " + Table.text(i, "stop.reason")
                        + (i.path("stop").hasNonNull("comments") ? " (" + Table.text(i, "stop.comments") + ")" : "")
                        + ", " + Times.relative(Table.text(i, "stop.at"), now)
                : "";
        return new Details(styles)
                .field("Name", Table.text(i, "name"))
                .field("Id", Table.text(i, "id"))
                .state("State", Table.text(i, "state"))
                .field("Server", server(i) + (ds.hasNonNull("sslMode") ? " (sslmode " + Table.text(ds, "sslMode") + ")" : ""))
                .field("Databases", databases.isEmpty() ? "every database that allows connections" : String.join(", ", databases))
                .field("Policy", policy(i))
                .field("Next backup", Times.absoluteAndRelative(Table.text(i, "nextBackupAt"), now))
                .field("Last backup", lastBackup(i, now))
                .field("Last error", styles.red(Table.text(i, "lastBackup.error")))
                .field("Active backup", Table.text(i, "activeBackupJobId"))
                .field("Recovery points", Table.text(i, "recoveryPoints"))
                .field("Stopped", stop)
                .field("Protected", Times.absoluteAndRelative(Table.text(i, "createdAt"), now))
                .field("Updated", Times.absoluteAndRelative(Table.text(i, "updatedAt"), now))
                .lines();
    }

    static View activity() {
        return (data, styles, now) -> new Table(List.of(
                Column.of("WHEN", a -> Times.relative(Table.text(a, "at"), now)),
                Column.of("ACTION", a -> Table.text(a, "action")),
                Column.of("ACTOR", a -> Table.text(a, "actor")),
                Column.state("STATE AFTER", a -> Table.text(a, "resultingState")),
                Column.of("REASON", a -> Table.text(a, "reason")),
                Column.of("JOB", a -> Table.text(a, "jobId")),
                Column.of("DETAIL", a -> join(Table.text(a, "detail"), Table.text(a, "comments"))))).render(data, styles);
    }

    /** A 202 that started a job: what to type next. */
    static View accepted(String what) {
        return (data, styles, now) -> List.of(
                what + " accepted: job " + Table.text(data, "jobId") + " (" + styles.state(Table.text(data, "status")) + ")",
                "  follow it: pgvault job watch " + Table.text(data, "jobId"));
    }

    private static String policy(JsonNode i) {
        String name = Table.text(i, "policy.name");
        return name.isEmpty() ? Table.text(i, "policy.id") : name + " v" + Table.text(i, "policy.version");
    }

    private static String server(JsonNode i) {
        return Table.text(i, "datasource.username") + "@" + Table.text(i, "datasource.host") + ":"
                + Table.text(i, "datasource.port");
    }

    private static String lastBackup(JsonNode i, Instant now) {
        if (!i.path("lastBackup").isObject()) {
            return "";
        }
        return Table.text(i, "lastBackup.status") + " " + Times.relative(Table.text(i, "lastBackup.at"), now);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " — " + b;
    }
}

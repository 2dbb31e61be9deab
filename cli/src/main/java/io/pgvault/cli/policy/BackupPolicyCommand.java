package io.pgvault.cli.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgvault.cli.context.CliCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.CommandGroup;
import io.pgvault.cli.context.IdempotencyOption;
import io.pgvault.cli.http.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgvault backup-policy}: schedules and retention rules, versioned on every edit. */
@Command(name = "backup-policy", description = "Backup policies: a schedule and retention rules; every edit is a new version.",
        footerHeading = "%nExamples:%n",
        footer = {"  pgvault backup-policy list", "  pgvault backup-policy create --help"})
public final class BackupPolicyCommand extends CommandGroup {

    /** The commands of this group, in the order help lists them (registered by {@code Cli}, only when needed). */
    public static List<Class<?>> commands() {
        return List.of(BackupPolicyCommand.Create.class,
            BackupPolicyCommand.ListPolicies.class,
            BackupPolicyCommand.Show.class,
            BackupPolicyCommand.Update.class,
            BackupPolicyCommand.Delete.class,
            BackupPolicyCommand.Versions.class);
    }

    static final String PATH = "/api/v1/backup-policies";

    /** Retention rules as options; {@code none} removes a tagged rule on update. */
    static final class Rules {

        @Option(names = "--schedule", paramLabel = "SCHEDULE",
                description = "5-field cron ('0 2 * * *', '@daily') or ISO-8601 repeating interval (R/2026-01-01T02:00:00Z/P1D).")
        String schedule;

        @Option(names = "--time-zone", paramLabel = "ZONE", description = "IANA time zone of the schedule (default UTC).")
        String timeZone;

        @Option(names = "--default-retention", paramLabel = "DURATION", description = "How long points are kept, e.g. P30D.")
        String defaultRetention;

        @Option(names = "--weekly", paramLabel = "DURATION",
                description = "Keep the first point of each week this long, e.g. P12W ('none' removes the rule).")
        String weekly;

        @Option(names = "--monthly", paramLabel = "DURATION", description = "Keep the first point of each month, e.g. P12M.")
        String monthly;

        @Option(names = "--yearly", paramLabel = "DURATION", description = "Keep the first point of each year, e.g. P10Y.")
        String yearly;

        /** Writes the given options over {@code body} (a policy as the API shows it, or empty). */
        void applyTo(ObjectNode body) {
            put(body, "schedule", schedule);
            put(body, "timeZone", timeZone);
            put(body, "defaultRetention", defaultRetention);
            Map<String, String> tags = new LinkedHashMap<>();
            body.path("taggedRules").forEach(r -> tags.put(r.path("tag").asText(), r.path("duration").asText()));
            tag(tags, "WEEKLY", weekly);
            tag(tags, "MONTHLY", monthly);
            tag(tags, "YEARLY", yearly);
            ArrayNode rules = body.putArray("taggedRules");
            tags.forEach((tag, duration) -> rules.addObject().put("tag", tag).put("duration", duration));
        }

        private static void tag(Map<String, String> tags, String tag, String value) {
            if (value == null) {
                return;
            }
            if (value.equalsIgnoreCase("none")) {
                tags.remove(tag);
            } else {
                tags.put(tag, value.toUpperCase(Locale.ROOT));
            }
        }

        private static void put(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    @Command(name = "create", description = "Create a policy (version 1).",
            footerHeading = "%nExample:%n",
            footer = "  pgvault backup-policy create --name nightly --schedule '0 2 * * *' --time-zone Europe/Berlin "
                    + "--default-retention P30D --weekly P12W --monthly P12M --yearly P10Y")
    static final class Create extends CliCommand {

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Unique name of the policy.")
        String name;

        @Mixin
        Rules rules;

        @Mixin
        IdempotencyOption idempotency;

        Create(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            if (rules.schedule == null || rules.defaultRetention == null) {
                throw usage("--schedule and --default-retention are needed to create a policy");
            }
            ObjectNode body = object().put("name", name);
            rules.applyTo(body);
            JsonNode created = api().send("POST", Service.INSTANCE, PATH, Map.of(), body, idempotency.resolve(ctx));
            return show(created, PolicyViews.details());
        }
    }

    @Command(name = "list", description = "List every policy, by name.",
            footerHeading = "%nExamples:%n",
            footer = {"  pgvault backup-policy list", "  pgvault backup-policy list --query '[].name' -o json"})
    static final class ListPolicies extends CliCommand {

        ListPolicies(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return show(api().get(Service.INSTANCE, PATH, Map.of()), PolicyViews.list());
        }
    }

    @Command(name = "show", description = "Show a policy's current version and next run.",
            footerHeading = "%nExample:%n", footer = "  pgvault backup-policy show nightly")
    static final class Show extends CliCommand {

        @Parameters(paramLabel = "POLICY", description = "The policy's name or id.")
        String policy;

        Show(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            UUID id = lookup().policyId(policy);
            return show(api().get(Service.INSTANCE, PATH + "/" + id, Map.of()), PolicyViews.details());
        }
    }

    @Command(name = "update", description = {
        "Edit a policy: a new version, used for the future backups of every instance of the policy.",
        "Options not given keep their current value; recovery points keep the retention they were born with."},
            footerHeading = "%nExamples:%n",
            footer = {"  pgvault backup-policy update nightly --schedule '30 1 * * *'",
                "  pgvault backup-policy update nightly --weekly none --default-retention P14D"})
    static final class Update extends CliCommand {

        @Parameters(paramLabel = "POLICY", description = "The policy's name or id.")
        String policy;

        @Option(names = "--name", paramLabel = "NAME", description = "A new name.")
        String name;

        @Mixin
        Rules rules;

        @Mixin
        IdempotencyOption idempotency;

        Update(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            UUID id = lookup().policyId(policy);
            JsonNode current = api().get(Service.INSTANCE, PATH + "/" + id, Map.of());
            ObjectNode body = object();
            for (String field : new String[] {"name", "schedule", "timeZone", "defaultRetention"}) {
                if (current.hasNonNull(field)) {
                    body.set(field, current.get(field));
                }
            }
            if (current.has("taggedRules")) {
                body.set("taggedRules", current.get("taggedRules"));
            }
            if (name != null) {
                body.put("name", name);
            }
            rules.applyTo(body);
            JsonNode updated = api().send("PUT", Service.INSTANCE, PATH + "/" + id, Map.of(), body, idempotency.resolve(ctx));
            return show(updated, PolicyViews.details());
        }
    }

    @Command(name = "delete", description = "Delete a policy that no backup instance uses.",
            footerHeading = "%nExample:%n", footer = "  pgvault backup-policy delete old-weekly")
    static final class Delete extends CliCommand {

        @Parameters(paramLabel = "POLICY", description = "The policy's name or id.")
        String policy;

        @Mixin
        IdempotencyOption idempotency;

        Delete(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            UUID id = lookup().policyId(policy);
            api().send("DELETE", Service.INSTANCE, PATH + "/" + id, Map.of(), null, idempotency.resolve(ctx));
            return show(object().put("id", id.toString()).put("deleted", true),
                    (data, styles, now) -> List.of("Deleted backup policy " + policy + "."));
        }
    }

    @Command(name = "versions", description = "List every version of a policy as it was written, oldest first.",
            footerHeading = "%nExample:%n", footer = "  pgvault backup-policy versions nightly")
    static final class Versions extends CliCommand {

        @Parameters(paramLabel = "POLICY", description = "The policy's name or id.")
        String policy;

        Versions(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            UUID id = lookup().policyId(policy);
            return show(api().get(Service.INSTANCE, PATH + "/" + id + "/versions", Map.of()), PolicyViews.versions());
        }
    }
}

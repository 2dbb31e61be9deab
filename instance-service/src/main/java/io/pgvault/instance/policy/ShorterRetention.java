package io.pgvault.instance.policy;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RetentionDuration;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The warning a policy edit or change-policy to shorter retention carries under an immutable vault: it is allowed,
 * because a point's expiry is fixed at its birth, but it touches only new points, which an admin who expects the
 * vault to keep "everything" should be told. Pure rules, no Quarkus.
 */
public final class ShorterRetention {

    private static final ZonedDateTime REFERENCE = ZonedDateTime.parse("2000-01-01T00:00:00Z");

    private ShorterRetention() {
    }

    /**
     * The warnings going from {@code before} to {@code after} under {@code immutability}: none when DISABLED or
     * when no rule gets shorter; else one naming every shorter rule (a tag without its own rule uses the default).
     */
    public static List<String> warnings(Immutability immutability, PolicySnapshot before, PolicySnapshot after) {
        if (!immutability.protectsPoints() || before == null || after == null) {
            return List.of();
        }
        List<String> shorter = new ArrayList<>();
        compare(shorter, "defaultRetention", before.defaultRetention(), after.defaultRetention());
        for (RetentionTag tag : RetentionTag.values()) {
            if (tag == RetentionTag.DEFAULT) {
                continue;
            }
            String was = rule(before, tag);
            String is = rule(after, tag);
            if (was != null || is != null) {
                compare(shorter, tag.name(), was == null ? before.defaultRetention() : was,
                        is == null ? after.defaultRetention() : is);
            }
        }
        if (shorter.isEmpty()) {
            return List.of();
        }
        return List.of("the vault is " + immutability + ": shorter retention (" + String.join(", ", shorter)
                + ") applies to new recovery points only; every existing point keeps the expiry it was born with");
    }

    private static String rule(PolicySnapshot policy, RetentionTag tag) {
        if (policy.taggedRules() == null) {
            return null;
        }
        return policy.taggedRules().stream().filter(r -> r.tag() == tag).map(RetentionRule::duration).findFirst()
                .orElse(null);
    }

    private static void compare(List<String> shorter, String name, String was, String is) {
        if (was == null || is == null) {
            return;
        }
        if (RetentionDuration.parse(is).addTo(REFERENCE).isBefore(RetentionDuration.parse(was).addTo(REFERENCE))) {
            shorter.add(name + " " + was + " → " + is);
        }
    }
}

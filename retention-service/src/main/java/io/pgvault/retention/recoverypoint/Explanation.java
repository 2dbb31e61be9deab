package io.pgvault.retention.recoverypoint;

import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.retention.hold.HoldResponse;
import java.time.Instant;
import java.util.List;

/**
 * Why a recovery point is kept, or when and why it goes.
 *
 * @param verdict            KEPT, DELETABLE (the next sweep deletes it), DELETED (soft-deleted,
 *                           undeletable until {@code purgeAfter}) or PURGED
 * @param summary            one sentence for a human
 * @param rule               the rule the point was born with
 * @param birthExpiresAt     expiry computed at birth; {@code null} = kept forever
 * @param expiresAt          current expiry (later than the birth expiry if extended)
 * @param extended           a user extended the expiry
 * @param holds              every hold, with whether it keeps the point now
 * @param floor              the instance's floor and this point's place in it
 * @param earliestDeletionAt when the sweep deletes it if nothing changes; {@code null} = not
 *                           foreseeable (kept forever, held without lease, or in the floor)
 * @param purgeAfter         for a deleted point: when its files are purged
 * @param immutability       when the vault keeps the point now: "kept until its expiry …; the vault is
 *                           locked" (or "… is immutable"); {@code null} otherwise
 * @param reasons            every reason, one per line
 * @param verification       what its latest restore verification proved, one sentence; {@code null} if it was
 *                           never verified
 */
public record Explanation(String verdict, String summary, Rule rule, Instant birthExpiresAt, Instant expiresAt,
        boolean extended, List<HoldResponse> holds, Floor floor, Instant earliestDeletionAt, Instant purgeAfter,
        String immutability, List<String> reasons, String verification) {

    /** An explanation without a verification sentence. */
    public Explanation(String verdict, String summary, Rule rule, Instant birthExpiresAt, Instant expiresAt,
            boolean extended, List<HoldResponse> holds, Floor floor, Instant earliestDeletionAt, Instant purgeAfter,
            String immutability, List<String> reasons) {
        this(verdict, summary, rule, birthExpiresAt, expiresAt, extended, holds, floor, earliestDeletionAt, purgeAfter,
                immutability, reasons, null);
    }

    /** This explanation with {@code sentence} as its verification. */
    public Explanation withVerification(String sentence) {
        return new Explanation(verdict, summary, rule, birthExpiresAt, expiresAt, extended, holds, floor,
                earliestDeletionAt, purgeAfter, immutability, reasons, sentence);
    }

    /**
     * @param tag           retention tag given at birth
     * @param duration      the rule's ISO-8601 duration
     * @param reason        why the point got this tag
     * @param policyName    policy at the backup's time
     * @param policyVersion its version
     * @param timeZone      zone in which weeks, months and years were counted
     */
    public record Rule(RetentionTag tag, String duration, String reason, String policyName, Integer policyVersion,
            String timeZone) {
    }

    /**
     * @param size            how many newest live points of an instance the sweep never deletes
     * @param newerLivePoints live points of the instance newer than this one
     * @param protectedByFloor this point is among the newest {@code size}
     */
    public record Floor(int size, long newerLivePoints, boolean protectedByFloor) {
    }
}

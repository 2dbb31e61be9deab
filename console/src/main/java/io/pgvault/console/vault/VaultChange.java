package io.pgvault.console.vault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the vault form asks instance-service to change: only the settings that differ from the vault's now (a
 * field left out keeps its value, and an unchanged one would only clutter a pending operation's summary), and
 * the one refusal the console makes itself: locking without the word LOCK typed.
 */
final class VaultChange {

    static final String LOCKED = "LOCKED";
    static final String CONFIRM_WORD = "LOCK";

    private VaultChange() {}

    /** The body of {@code PUT /api/v1/vault}: each changed field; empty when nothing changes. */
    static Map<String, Object> of(Map<String, Object> current, Map<String, String> form) {
        Map<String, Object> change = new LinkedHashMap<>();
        changed(change, "immutability", current, form);
        changed(change, "softDeleteGracePeriod", current, form);
        changed(change, "minRetention", current, form);
        changed(change, "maxRetention", current, form);
        boolean mua = "on".equals(form.get("multiUserAuthorization")) || "true".equals(form.get("multiUserAuthorization"));
        if (mua != Boolean.TRUE.equals(current.get("multiUserAuthorization"))) {
            change.put("multiUserAuthorization", mua);
        }
        return change;
    }

    /** Field → message for a form the console refuses before calling the service; empty when it may go. */
    static Map<String, String> refusal(Map<String, Object> current, Map<String, String> form) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (LOCKED.equals(form.get("immutability")) && !LOCKED.equals(current.get("immutability"))
                && !CONFIRM_WORD.equals(form.get("confirmLock"))) {
            errors.put("confirmLock", "type " + CONFIRM_WORD + " to lock the vault: a locked vault can never be unlocked");
        }
        return errors;
    }

    /** A non-blank form value that differs from the vault's. */
    private static void changed(Map<String, Object> change, String field, Map<String, Object> current, Map<String, String> form) {
        String asked = form.get(field);
        if (asked != null && !asked.isBlank() && !Objects.equals(asked, Objects.toString(current.get(field), null))) {
            change.put(field, asked);
        }
    }
}

package io.pgvault.platform.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The roles of pgvault, after Azure's built-in Backup roles. Each user role includes the ones below
 * it ({@link #withImplied}), so an endpoint names the lowest role that may call it with a plain
 * {@code @RolesAllowed}: {@code backup-admin} ⊃ {@code backup-operator} ⊃ {@code backup-reader}.
 * {@code backup-approver} (the second person of multi-user authorization) stands beside them: it includes
 * {@code backup-reader}, so an approver can read what it approves, and nothing else; no role includes it, so
 * an admin is not an approver unless given the role too, and an approver is never an admin.
 * {@code pgvault-service} stands apart: it implies no user role and no user role implies it.
 */
public final class Roles {

    /** Reads every policy, instance, job, recovery point, activity and preview. */
    public static final String READER = "backup-reader";

    /** Reader, plus backup now, restore, stop with a retain mode, resume, cancel a job, pin, extend. */
    public static final String OPERATOR = "backup-operator";

    /** Operator, plus policies, protect, change policy, stop with DELETE_DATA, delete, unpin, undelete, users. */
    public static final String ADMIN = "backup-admin";

    /**
     * Approves or rejects the pending operations of multi-user authorization (another subject's requests only);
     * reads like a reader; acts on nothing itself.
     */
    public static final String APPROVER = "backup-approver";

    /** Another pgvault service: only the service-to-service endpoints. */
    public static final String SERVICE = "pgvault-service";

    /** The chain of roles a person can hold, lowest first; each includes the ones before it. */
    public static final List<String> USER_ROLES = List.of(READER, OPERATOR, ADMIN);

    /** Every role a person can be given: the chain, and the approver beside it. */
    public static final List<String> ASSIGNABLE = List.of(READER, OPERATOR, ADMIN, APPROVER);

    /** Every role, in the order they are documented. */
    public static final List<String> ALL = List.of(READER, OPERATOR, ADMIN, APPROVER, SERVICE);

    private Roles() {
    }

    /** {@code roles} with every role they include, e.g. admin → admin, operator, reader. Unknown roles are kept. */
    public static Set<String> withImplied(Collection<String> roles) {
        Set<String> all = new LinkedHashSet<>(roles);
        int highest = -1;
        for (String role : roles) {
            highest = Math.max(highest, USER_ROLES.indexOf(role));
        }
        for (int i = 0; i <= highest; i++) {
            all.add(USER_ROLES.get(i));
        }
        if (all.contains(APPROVER)) {
            all.add(READER);
        }
        return all;
    }

    /** Whether someone holding {@code held} may call an endpoint that needs {@code needed}. */
    public static boolean grants(Collection<String> held, String needed) {
        return withImplied(held).contains(needed);
    }
}

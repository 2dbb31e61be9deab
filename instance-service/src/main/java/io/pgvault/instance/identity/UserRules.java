package io.pgvault.instance.identity;

import io.pgvault.platform.problem.FieldErrors;
import io.pgvault.platform.security.Roles;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What a user's name, password and roles must be; each refusal names its field. */
public final class UserRules {

    /** Shortest password accepted. */
    public static final int MIN_PASSWORD = 12;

    /** Longest password accepted: bounds the hashing work one request can ask for. */
    public static final int MAX_PASSWORD = 1024;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    private UserRules() {
    }

    /** The checked fields of a new user. */
    public record Checked(String username, String password, Set<String> roles) {

        @Override
        public String toString() {
            return "Checked[username=" + username + ", roles=" + roles + "]";
        }
    }

    /** Checks a new user; one 400 names every bad field. */
    public static Checked checkNew(String username, String password, List<String> roles) {
        FieldErrors errors = new FieldErrors();
        String name = username(username, errors);
        password(password, "password", errors);
        Set<String> checkedRoles = roles(roles, errors);
        errors.throwIfAny();
        return new Checked(name, password, checkedRoles);
    }

    /** Checks a new password; a 400 naming the field otherwise. */
    public static String checkPassword(String password) {
        FieldErrors errors = new FieldErrors();
        password(password, "password", errors);
        errors.throwIfAny();
        return password;
    }

    static String username(String username, FieldErrors errors) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            errors.add("username", "must be 1 to 64 lower-case letters, digits or . _ @ -, starting with a letter or digit");
        }
        return name;
    }

    static void password(String password, String field, FieldErrors errors) {
        if (password == null || password.length() < MIN_PASSWORD) {
            errors.add(field, "must have at least " + MIN_PASSWORD + " characters");
        } else if (password.length() > MAX_PASSWORD) {
            errors.add(field, "must have at most " + MAX_PASSWORD + " characters");
        } else if (password.isBlank()) {
            errors.add(field, "must not be blank");
        }
    }

    static Set<String> roles(List<String> roles, FieldErrors errors) {
        if (roles == null || roles.isEmpty()) {
            errors.add("roles", "must name at least one of " + Roles.ASSIGNABLE);
            return Set.of();
        }
        Set<String> checked = new LinkedHashSet<>();
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i) == null ? "" : roles.get(i).strip().toLowerCase(Locale.ROOT);
            if (!Roles.ASSIGNABLE.contains(role)) {
                errors.add("roles[" + i + "]", "must be one of " + Roles.ASSIGNABLE);
            }
            checked.add(role);
        }
        return checked;
    }
}

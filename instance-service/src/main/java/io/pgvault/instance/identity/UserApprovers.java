package io.pgvault.instance.identity;

import io.pgvault.instance.vault.Approvers;
import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The embedded issuer's approvers: enabled users holding backup-approver. */
@ApplicationScoped
public class UserApprovers implements Approvers {

    private final UserRepository users;
    private final TokenIssuer issuer;

    public UserApprovers(UserRepository users, TokenIssuer issuer) {
        this.users = users;
        this.issuer = issuer;
    }

    @Override
    public Uni<Boolean> existsOtherThan(String requester) {
        if (!issuer.enabled()) {
            return Uni.createFrom().item(true);
        }
        return users.enabledWithRole(Roles.APPROVER)
                .map(found -> found.stream().anyMatch(u -> !u.username.equalsIgnoreCase(requester)));
    }
}

package io.pgvault.instance.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One change to a user, as the user activity log shows it. */
@Entity
@Table(name = "user_activity")
public class UserActivity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** USER_CREATED, USER_DISABLED, USER_ENABLED, PASSWORD_RESET, ADMIN_BOOTSTRAPPED. */
    public String action;

    /** The subject of the token that made the change ({@code bootstrap} for the first admin). */
    public String actor;

    @Column(name = "user_id")
    public UUID userId;

    public String username;

    /** More facts, e.g. the roles given; never a password. */
    public String detail;
}

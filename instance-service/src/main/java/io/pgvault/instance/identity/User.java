package io.pgvault.instance.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A person who signs in to the embedded issuer. */
@Entity(name = "AppUser")
@Table(name = "app_user")
public class User {

    @Id
    public UUID id;

    /** Lower case, unique. */
    public String username;

    /** {@link PasswordHasher}'s hash; the password itself is never stored. */
    @Column(name = "password_hash")
    public String passwordHash;

    /** The roles given (tokens carry these; the roles they include are added where tokens are verified). */
    @Convert(converter = RoleSetConverter.class)
    public Set<String> roles;

    /** A disabled user cannot sign in; tokens already issued run out within their short lifetime. */
    public boolean enabled;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;
}

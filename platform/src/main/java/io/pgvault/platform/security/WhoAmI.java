package io.pgvault.platform.security;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Instant;
import java.util.List;

/**
 * Who the caller's token says it is.
 *
 * @param subject   the token's {@code sub}: a user name, or a service's client id; what activity logs record
 * @param name      the principal's name ({@code upn}, {@code preferred_username} or {@code sub})
 * @param roles     every role held, those the token names and those they include
 * @param issuer    the token's {@code iss}
 * @param expiresAt when the token expires
 */
// Jackson would also read issuer() as an is-getter of a property "suer"; records need no is-getters.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record WhoAmI(String subject, String name, List<String> roles, String issuer, Instant expiresAt) {
}

package io.pgvault.instance.identity;

/** A signed token and how many seconds it is valid. */
public record IssuedToken(String token, long expiresIn) {
}

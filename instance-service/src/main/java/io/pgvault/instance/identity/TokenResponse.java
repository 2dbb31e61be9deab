package io.pgvault.instance.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A token answer: pgvault's names, and the same values under OAuth2's names (RFC 6749 §5.1) so any
 * OAuth2 client reads it too.
 *
 * @param accessToken the bearer token (RS256 JWT)
 * @param tokenType   always {@code Bearer}
 * @param expiresIn   seconds until the token expires
 */
public record TokenResponse(String accessToken, String tokenType, long expiresIn) {

    static TokenResponse of(IssuedToken token) {
        return new TokenResponse(token.token(), "Bearer", token.expiresIn());
    }

    @JsonProperty("access_token")
    public String oauthAccessToken() {
        return accessToken;
    }

    @JsonProperty("token_type")
    public String oauthTokenType() {
        return tokenType;
    }

    @JsonProperty("expires_in")
    public long oauthExpiresIn() {
        return expiresIn;
    }

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + "]";
    }
}

package io.pgvault.platform.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A token endpoint's answer, by the OAuth2 names every provider uses (RFC 6749 §5.1). */
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenAnswer(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {
}

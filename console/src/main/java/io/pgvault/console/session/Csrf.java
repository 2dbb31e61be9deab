package io.pgvault.console.session;

import io.pgvault.console.proxy.ApiRoutes;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF protection of every console form (the "signed double submit" of OWASP's cheat sheet): a random
 * HttpOnly, SameSite=Strict cookie, and in each page a token that is its HMAC under a key of this
 * process; htmx sends the token back in the {@code X-CSRF-Token} header of every request the page makes.
 * A state-changing request (anything but GET, HEAD, OPTIONS) to a console page without the header, or
 * with a token that does not match its cookie, is refused with 403 before any service is called. The
 * forwarded {@code /api/v1/**} is not a form: it takes bearer tokens, never the cookie.
 */
@ApplicationScoped
public class Csrf {

    public static final String COOKIE = "pgvault-csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final String CONTEXT_KEY = "pgvault.csrf";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key = random(32);

    void route(@Observes Router router) {
        router.route().order(-5).handler(this::verify);
    }

    /** The token of this browser's CSRF cookie; sets a new cookie if it has none. */
    public String tokenFor(RoutingContext rc) {
        String value = rc.get(CONTEXT_KEY);
        if (value == null) {
            Cookie cookie = rc.request().getCookie(COOKIE);
            value = cookie != null && !cookie.getValue().isBlank() ? cookie.getValue()
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
            if (cookie == null) {
                rc.response().addCookie(Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true)
                        .setSameSite(CookieSameSite.STRICT).setSecure("https".equals(rc.request().scheme())));
            }
            rc.put(CONTEXT_KEY, value);
        }
        return sign(value);
    }

    private void verify(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (SAFE.contains(rc.request().method()) || ApiRoutes.forwarded(path) || path.startsWith("/q/")) {
            rc.next();
            return;
        }
        Cookie cookie = rc.request().getCookie(COOKIE);
        String sent = rc.request().getHeader(HEADER);
        if (cookie == null || sent == null || !MessageDigest.isEqual(sign(cookie.getValue()).getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII))) {
            rc.response().setStatusCode(403).putHeader("Content-Type", "text/html;charset=UTF-8")
                    .end("<p class=\"message error\" role=\"alert\">Refused: this form was not sent by a page of this"
                            + " console (its CSRF token is missing or does not match). Reload the page and try again.</p>");
            return;
        }
        rc.next();
    }

    /** The HMAC of {@code value} under this process's key (also seals the OIDC sign-in's state cookie). */
    String sign(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}

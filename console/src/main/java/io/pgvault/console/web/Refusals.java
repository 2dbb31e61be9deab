package io.pgvault.console.web;

import io.pgvault.console.api.ApiRefusal;
import io.pgvault.console.session.SignInRequired;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A service's refusal as the user sees it: a message with the service's own words, at the service's status
 * (a 403 names the role needed); no sign-in sends the browser to the sign-in page.
 */
public class Refusals {

    @Inject
    Pages pages;

    @ServerExceptionMapper
    public Response refused(ApiRefusal refusal, HttpHeaders headers) {
        int status = refusal.status();
        if (status == 401) {
            return Pages.redirect(headers, "/sign-in?reason=" + URLEncoder.encode("Your session has ended; sign in again.",
                    StandardCharsets.UTF_8));
        }
        String title = switch (status) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Not possible now";
            case 502, 503, 504 -> "Service unavailable";
            default -> "Refused";
        };
        String text = refusal.answer().detail();
        return pages.message(headers, status >= 500 ? 502 : status, title, text, "error");
    }

    @ServerExceptionMapper
    public Response signIn(SignInRequired required, HttpHeaders headers) {
        return Pages.redirect(headers, "/sign-in?reason=" + URLEncoder.encode(required.getMessage(), StandardCharsets.UTF_8));
    }
}

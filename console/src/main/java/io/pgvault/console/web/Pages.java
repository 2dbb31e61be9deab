package io.pgvault.console.web;

import io.pgvault.console.api.Answer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * How a screen answers: a whole page for a browser's navigation, the fragment alone for htmx (which swaps it
 * into the page), and redirects that htmx follows ({@code HX-Redirect}) as a browser follows a 303.
 */
@ApplicationScoped
public class Pages {

    public static final String HX_REQUEST = "HX-Request";

    @Inject
    @Location("page.html")
    Template page;

    @Inject
    @Location("message.html")
    Template message;

    @Inject
    @Location("waiting.html")
    Template waiting;

    public static boolean htmx(HttpHeaders headers) {
        return "true".equals(headers.getHeaderString(HX_REQUEST));
    }

    /** The fragment alone for htmx, else inside the layout as a page of its own, with {@code status}. */
    public Response fragmentOrPage(HttpHeaders headers, int status, String title, TemplateInstance fragment) {
        Object entity = htmx(headers) ? fragment : page.data("title", title).data("content", fragment.render());
        return Response.status(status).entity(entity).type("text/html;charset=UTF-8").build();
    }

    /** A message (an error or a notice) as a fragment or a page. */
    public Response message(HttpHeaders headers, int status, String title, String text, String kind) {
        return fragmentOrPage(headers, status, title, message.data("title", title).data("text", text).data("kind", kind));
    }

    /**
     * An answer that is a pending operation (multi-user authorization is on: 202 with what will happen, who asked
     * and when it expires), not the action's result; a backup's 202 (a job) is not one.
     */
    public static boolean pendingOperation(Answer answer) {
        return answer.status() == 202 && answer.body().path("url").asText("").startsWith("/api/v1/pending-operations/");
    }

    /**
     * "Waiting for approval" for a pending operation: what, who asked, until when, and the link to follow it;
     * shown in the dialog whichever element the form targeted ({@code HX-Retarget}), or as a page of its own.
     */
    public Response waitingForApproval(HttpHeaders headers, Answer answer) {
        Response r = fragmentOrPage(headers, 202, "Waiting for approval", waiting.data("op", answer.map()));
        return htmx(headers) ? Response.fromResponse(r).header("HX-Retarget", "#dialog-body").header("HX-Reswap", "innerHTML")
                .build() : r;
    }

    /** After a successful form: to {@code target}, as a 303 or as htmx's {@code HX-Redirect}. */
    public static Response redirect(HttpHeaders headers, String target) {
        if (htmx(headers)) {
            return Response.ok().header("HX-Redirect", target).build();
        }
        return Response.seeOther(URI.create(target)).build();
    }
}

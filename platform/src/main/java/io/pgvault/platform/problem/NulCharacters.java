package io.pgvault.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose path or query (decoded) holds a NUL character, before any resource sees it:
 * PostgreSQL stores no NUL in text, so such a value could only fail later, as a 500. JSON bodies are
 * checked by {@code JsonLimits}.
 */
public class NulCharacters {

    private static final String NUL_REFUSED = "must not contain NUL characters (%00)";

    @ServerRequestFilter(preMatching = true)
    public void refuseNul(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(true);
        if (path.indexOf('\u0000') >= 0) {
            throw ProblemException.badField("path", NUL_REFUSED);
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters(true);
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String name = parameter.getKey();
            if (name.indexOf('\u0000') >= 0) {
                throw ProblemException.badField(name.replace("\u0000", "\\0"), NUL_REFUSED);
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\u0000') >= 0) {
                    throw ProblemException.badField(name, NUL_REFUSED);
                }
            }
        }
    }
}

package io.pgvault.console.web;

import io.pgvault.console.api.Answer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The impact preview a confirmation dialog shows before Confirm: a service's {@code ?preview=true} answer (an
 * instance action's, a policy edit's, the vault's, or retention-service's for one point) as one compact fragment;
 * a refusal of the preview (400, 403, 404, 409) is shown inline, as the action's own would be.
 */
@ApplicationScoped
public class Previews {

    @Inject
    @Location("preview.html")
    Template preview;

    /** The fragment for {@code answer}; always 200, so htmx swaps a refusal in as it swaps a preview. */
    public TemplateInstance of(Answer answer) {
        if (!answer.ok()) {
            if (answer.status() >= 500) {
                answer.orThrow();
            }
            Map<String, String> errors = answer.fieldErrors();
            String error = errors.isEmpty() ? answer.detail()
                    : errors.entrySet().stream().map(e -> e.getKey().isEmpty() ? e.getValue() : e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining("; "));
            return preview.data("p", Map.of()).data("impact", Map.of()).data("error", error).data("hint", null);
        }
        Map<String, Object> p = answer.map();
        Object impact = p.get("recoveryPoints") instanceof Map<?, ?> m ? m : p.containsKey("points") ? p : Map.of();
        return preview.data("p", p).data("impact", impact).data("error", null).data("hint", null);
    }

    /** No preview yet: what the user must choose first. */
    public TemplateInstance hint(String text) {
        return preview.data("p", Map.of()).data("impact", Map.of()).data("error", null).data("hint", text);
    }
}

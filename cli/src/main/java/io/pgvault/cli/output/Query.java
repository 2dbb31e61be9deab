package io.pgvault.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.jackson.JacksonRuntime;

/**
 * A JMESPath expression (jmespath.org, the language of {@code az --query} and {@code aws --query}), applied to
 * what a command would print as JSON.
 */
public final class Query {

    private final String text;
    private final Expression<JsonNode> expression;

    private Query(String text, Expression<JsonNode> expression) {
        this.text = text;
        this.expression = expression;
    }

    /**
     * Compiles an expression.
     *
     * @throws IllegalArgumentException with the parser's message when it is not valid JMESPath
     */
    public static Query compile(String text) {
        try {
            return new Query(text, new JacksonRuntime().compile(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a JMESPath expression: " + e.getMessage(), e);
        }
    }

    public JsonNode apply(JsonNode data) {
        return expression.search(data);
    }

    @Override
    public String toString() {
        return text;
    }
}

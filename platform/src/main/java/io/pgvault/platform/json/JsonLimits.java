package io.pgvault.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.pgvault.platform.time.InstantRange;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The limits of every JSON text a service reads, set once for all of them on the one {@code ObjectMapper}
 * (request bodies, messages, stored values alike): how deep it nests, how long a string, a number and a
 * name may be; no string with a NUL character (PostgreSQL stores none in {@code text} or {@code jsonb}); no
 * instant outside {@link InstantRange}. A refusal is a Jackson error with the field's path, which
 * {@code ProblemMappers} answers as a 400 naming it.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final int maxNameLength;

    public JsonLimits(@ConfigProperty(name = "pgvault.json.max-nesting-depth", defaultValue = "64") int maxNestingDepth,
            @ConfigProperty(name = "pgvault.json.max-string-length", defaultValue = "1000000") int maxStringLength,
            @ConfigProperty(name = "pgvault.json.max-number-length", defaultValue = "100") int maxNumberLength,
            @ConfigProperty(name = "pgvault.json.max-name-length", defaultValue = "1000") int maxNameLength) {
        this.maxNestingDepth = maxNestingDepth;
        this.maxStringLength = maxStringLength;
        this.maxNumberLength = maxNumberLength;
        this.maxNameLength = maxNameLength;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper, maxNestingDepth, maxStringLength, maxNumberLength, maxNameLength);
    }

    /** Sets the limits on {@code mapper}; for mappers made outside CDI, and for tests. */
    public static ObjectMapper apply(ObjectMapper mapper, int nestingDepth, int stringLength, int numberLength,
            int nameLength) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(nestingDepth)
                .maxStringLength(stringLength)
                .maxNumberLength(numberLength)
                .maxNameLength(nameLength)
                .build());
        SimpleModule module = new SimpleModule("pgvault-json-limits");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (type == String.class) {
                    return new Checked(deserializer, JsonLimits::checkString);
                }
                if (type == Instant.class) {
                    return new Checked(deserializer, JsonLimits::checkInstant);
                }
                return deserializer;
            }
        });
        return mapper.registerModule(module);
    }

    private static String checkString(Object value) {
        return value instanceof String s && s.indexOf('\u0000') >= 0 ? "must not contain NUL characters (\\u0000)" : null;
    }

    private static String checkInstant(Object value) {
        return value instanceof Instant i && !InstantRange.contains(i) ? InstantRange.MUST_BE : null;
    }

    /** What {@link Checked} asks of a value: null when it is fine, else why not. */
    @FunctionalInterface
    interface Check {
        String refusal(Object value);
    }

    /** Reads with Jackson's own deserializer, then refuses a value {@code check} refuses, at the field's path. */
    static final class Checked extends DelegatingDeserializer {

        private final Check check;

        Checked(JsonDeserializer<?> delegate, Check check) {
            super(delegate);
            this.check = check;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Checked(newDelegatee, check);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = super.deserialize(parser, context);
            String refusal = check.refusal(value);
            if (refusal != null) {
                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(parser, refusal,
                        value instanceof String ? "(text with NUL)" : value, handledType());
            }
            return value;
        }
    }
}

package io.pgvault.platform.problem;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Reads UUID and enum parameters (path, query, header) so that a bad value is a 400 naming the parameter:
 * JAX-RS answers a path or query parameter it cannot convert with 404, which says "no such thing" about
 * a request that is merely malformed. Enum values are read as {@link Enums} reads them (any case).
 */
@Provider
public class ParameterConverters implements ParamConverterProvider {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = nameOf(annotations);
        if (rawType == UUID.class) {
            return (ParamConverter<T>) new Uuids(name);
        }
        if (rawType.isEnum()) {
            return new EnumConverter(rawType, name);
        }
        return null;
    }

    /** The parameter's name from its annotation, or "parameter" when none says. */
    static String nameOf(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation a : annotations) {
                String name = null;
                if (a instanceof PathParam p) {
                    name = p.value();
                } else if (a instanceof QueryParam q) {
                    name = q.value();
                } else if (a instanceof HeaderParam h) {
                    name = h.value();
                } else if (a instanceof FormParam f) {
                    name = f.value();
                } else if (a instanceof CookieParam c) {
                    name = c.value();
                } else if (a instanceof RestPath p) {
                    name = p.value();
                } else if (a instanceof RestQuery q) {
                    name = q.value();
                }
                if (name != null && !name.isEmpty()) {
                    return name;
                }
            }
        }
        return "parameter";
    }

    private record Uuids(String name) implements ParamConverter<UUID> {

        @Override
        public UUID fromString(String value) {
            if (value == null) {
                return null;
            }
            String text = value.trim();
            // UUID.fromString also reads "1-2-3-4-5"; only the canonical 36-character form names a resource
            if (text.length() != 36) {
                throw ProblemException.badField(name, "must be a UUID such as 3f2a1c9e-8d4b-4e0a-9c71-2b5d8e6f4a10");
            }
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badField(name, "must be a UUID such as 3f2a1c9e-8d4b-4e0a-9c71-2b5d8e6f4a10");
            }
        }

        @Override
        public String toString(UUID value) {
            return value == null ? null : value.toString();
        }
    }

    private record EnumConverter<E extends Enum<E>>(Class<E> type, String name) implements ParamConverter<E> {

        @Override
        public E fromString(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            return Enums.parse(type, value, name);
        }

        @Override
        public String toString(E value) {
            return value == null ? null : value.name();
        }
    }
}

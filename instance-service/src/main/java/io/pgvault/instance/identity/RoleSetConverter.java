package io.pgvault.instance.identity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Stores a set of role names as one comma-separated text (role names have no commas). */
@Converter
public class RoleSetConverter implements AttributeConverter<Set<String>, String> {

    @Override
    public String convertToDatabaseColumn(Set<String> roles) {
        return roles == null ? null : String.join(",", roles);
    }

    @Override
    public Set<String> convertToEntityAttribute(String text) {
        if (text == null) {
            return null;
        }
        Set<String> roles = new LinkedHashSet<>();
        Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(roles::add);
        return roles;
    }
}

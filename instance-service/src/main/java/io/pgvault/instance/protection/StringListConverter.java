package io.pgvault.instance.protection;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.platform.json.Json;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** Stores a list of names as a JSON array in a text column (database names may contain any character). */
@Converter
public class StringListConverter implements AttributeConverter<List<String>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

    @Override
    public String convertToDatabaseColumn(List<String> names) {
        return names == null ? null : Json.write(JSON, names);
    }

    @Override
    public List<String> convertToEntityAttribute(String json) {
        return json == null ? null : Json.read(JSON, json, NAMES);
    }
}

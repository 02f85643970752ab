package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON mapping of event data: ISO-8601 instants, absent nulls, unknown fields ignored. */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A consumer ignores unknown fields: producers may add optional ones without a new version.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Missing numbers must read as "missing", not 0, so validation can name the field.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private EventJson() {
    }
}

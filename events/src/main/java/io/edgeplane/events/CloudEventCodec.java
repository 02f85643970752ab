package io.edgeplane.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 in Kafka binary mode: attributes as {@code ce_*} headers, JSON data as the value.
 * Decoding checks the envelope, the type (and its version), the JSON and every field rule, and
 * throws {@link InvalidEventException} naming what is wrong.
 */
public final class CloudEventCodec {
    public static final String SPEC_VERSION = "1.0";
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_TIME = "ce_time";
    public static final String CE_SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";
    /** Larger values are refused before parsing; Kafka's default record limit is 1 MiB. */
    public static final int MAX_DATA_BYTES = 1_048_576;

    private CloudEventCodec() {
    }

    public static ProducerRecord<String, byte[]> toRecord(EventEnvelope<?> event) {
        return new ProducerRecord<>(event.type().topic(), null, event.key(), encodeData(event.data()),
                headers(event));
    }

    public static Headers headers(EventEnvelope<?> event) {
        RecordHeaders headers = new RecordHeaders();
        put(headers, CE_SPECVERSION, SPEC_VERSION);
        put(headers, CE_ID, event.id());
        put(headers, CE_SOURCE, event.source());
        put(headers, CE_TYPE, event.type().ceType());
        put(headers, CE_TIME, event.time().toString());
        if (event.subject() != null) {
            put(headers, CE_SUBJECT, event.subject());
        }
        put(headers, CONTENT_TYPE, JSON);
        return headers;
    }

    public static byte[] encodeData(EdgeplaneEvent data) {
        try {
            return EventJson.mapper().writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + data.getClass().getSimpleName(), e);
        }
    }

    /** Decodes any of the {@code accepted} types; anything else is an {@link InvalidEventException}. */
    public static EventEnvelope<EdgeplaneEvent> decode(Headers headers, byte[] value, Set<EventType> accepted) {
        String specVersion = header(headers, CE_SPECVERSION);
        if (specVersion == null) {
            throw new InvalidEventException(CE_SPECVERSION, "cloudevents-binary",
                    "header is missing: records must be CloudEvents 1.0 in Kafka binary mode");
        }
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException(CE_SPECVERSION, "spec-version", "'" + specVersion + "' is not 1.0");
        }
        String id = requiredHeader(headers, CE_ID);
        String source = requiredHeader(headers, CE_SOURCE);
        String ceType = requiredHeader(headers, CE_TYPE);
        EventType type = EventType.ofCeType(ceType).filter(accepted::contains)
                .orElseThrow(() -> unknownType(ceType, accepted));
        String contentType = header(headers, CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(JSON)) {
            throw new InvalidEventException(CONTENT_TYPE, "content-type", "'" + contentType + "' is not " + JSON);
        }
        Instant time = parseTime(header(headers, CE_TIME));
        EdgeplaneEvent data = decodeData(type, value);
        return new EventEnvelope<>(id, source, type, time, header(headers, CE_SUBJECT), data);
    }

    /** Parses and validates event data of a known type. */
    public static <T extends EdgeplaneEvent> T decodeData(EventType type, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidEventException("data", "required", "record value is empty");
        }
        if (value.length > MAX_DATA_BYTES) {
            throw new InvalidEventException("data", "max-size",
                    value.length + " bytes is over the limit of " + MAX_DATA_BYTES);
        }
        requireObject(value);
        T data;
        try {
            @SuppressWarnings("unchecked")
            T parsed = (T) EventJson.mapper().readValue(value, type.recordClass());
            data = parsed;
        } catch (IOException e) {
            throw jsonProblem(e);
        }
        if (data == null) {
            throw new InvalidEventException("data", "json-object", "data must be a JSON object, was null");
        }
        Constraints constraints = new Constraints();
        data.check(constraints);
        if (!constraints.ok()) {
            throw new InvalidEventException(constraints.violations());
        }
        return data;
    }

    /** Valid JSON that is not an object (an array, a string, a number) breaks the contract: not a syntax error. */
    private static void requireObject(byte[] value) {
        JsonToken first;
        try (JsonParser parser = EventJson.mapper().createParser(value)) {
            first = parser.nextToken();
        } catch (IOException e) {
            return; // a syntax error: reported with its position when the value is read
        }
        if (first != null && first != JsonToken.START_OBJECT && first != JsonToken.VALUE_NULL) {
            String was = switch (first) {
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                default -> first.asString();
            };
            throw new InvalidEventException("data", "json-object", "data must be a JSON object, was " + was);
        }
    }

    private static InvalidEventException unknownType(String ceType, Set<EventType> accepted) {
        String family = ceType.contains(".") ? ceType.substring(0, ceType.lastIndexOf('.')) : ceType;
        String acceptedTypes = accepted.stream().map(EventType::ceType).sorted().collect(Collectors.joining(", "));
        boolean knownFamily = accepted.stream().anyMatch(t -> t.family().equals(family));
        String message = knownFamily
                ? "'" + ceType + "' is an unsupported version; this consumer accepts " + acceptedTypes
                : "'" + ceType + "' is not accepted here; this consumer accepts " + acceptedTypes;
        return new InvalidEventException(CE_TYPE, knownFamily ? "unsupported-version" : "unknown-type", message);
    }

    private static InvalidEventException jsonProblem(IOException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining()).substring(1).replace(".[", "[");
            String rule = e instanceof ValueInstantiationException ? "value" : "type";
            String detail = e instanceof InvalidFormatException format
                    ? "'" + format.getValue() + "' cannot be read as " + format.getTargetType().getSimpleName()
                            + causeMessage(format)
                    : e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
                            ? "expected " + describe(mismatched.getTargetType())
                            : firstLine(mapping.getOriginalMessage());
            return new InvalidEventException(field, rule, detail);
        }
        String message = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
        return new InvalidEventException("data", "json", "is not valid JSON: " + firstLine(message));
    }

    private static String causeMessage(Throwable e) {
        Throwable cause = e.getCause();
        return cause instanceof IllegalArgumentException || cause instanceof DateTimeParseException
                ? " (" + cause.getMessage() + ")" : "";
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> JsonEnums.json((Enum<?>) c))
                    .collect(Collectors.joining(", "));
        }
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Instant parseTime(String time) {
        if (time == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(CE_TIME, "rfc3339", "'" + time + "' is not an RFC 3339 timestamp");
        }
    }

    private static String requiredHeader(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(name, "required", "header is required");
        }
        return value;
    }

    public static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package io.edgeplane.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The published JSON Schemas as a validator sees them, and the Java side of the same contract, so that
 * tests can ask both about one JSON document.
 */
final class ContractSchemas {
    /**
     * JSON Schema patterns are ECMA-262 regexes, in which {@code $} is the end of the input. In
     * java.util.regex {@code $} also matches before a final line break, so it is translated to {@code \z}.
     */
    static final RegularExpressionFactory ECMA_ANCHORS = regex -> {
        Pattern pattern = Pattern.compile(ecmaToJava(regex));
        return text -> pattern.matcher(text).find();
    };

    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .regularExpressionFactory(ECMA_ANCHORS)
            .build();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<EventType, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** The schema file of a type, as JSON. */
    static ObjectNode schemaNode(EventType type) {
        try (InputStream in = ContractSchemas.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("no schema resource " + type.schemaResource());
            }
            return (ObjectNode) EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonSchema schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, t -> FACTORY.getSchema(schemaNode(t), CONFIG));
    }

    /** Compiles a schema fragment (e.g. a record key or header schema of the AsyncAPI document). */
    static JsonSchema compile(JsonNode schema) {
        return FACTORY.getSchema(schema, CONFIG);
    }

    static JsonSchema metaSchema() {
        return FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    }

    static Set<ValidationMessage> schemaErrors(EventType type, JsonNode data) {
        return schema(type).validate(data);
    }

    /** The sample as it travels: the JSON Jackson writes, read back as a tree. */
    static ObjectNode sampleJson(EventType type) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(CloudEventCodec.encodeData(SampleEvents.of(type)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a Java consumer says about the data: no violations, or the ones {@link CloudEventCodec} reports. */
    static List<Violation> javaViolations(EventType type, JsonNode data) {
        try {
            CloudEventCodec.decodeData(type, EventJson.mapper().writeValueAsBytes(data));
            return List.of();
        } catch (InvalidEventException e) {
            return e.violations();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field rules alone, without the record-size limit (for lists filled to their maximum). */
    static List<Violation> ruleViolations(EventType type, JsonNode data) {
        try {
            EdgeplaneEvent event = EventJson.mapper().treeToValue(data, type.recordClass());
            Constraints constraints = new Constraints();
            event.check(constraints);
            return constraints.violations();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ecmaToJava(String regex) {
        StringBuilder java = new StringBuilder(regex.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                java.append(c).append(regex.charAt(++i));
            } else if (inClass) {
                inClass = c != ']';
                java.append(c);
            } else if (c == '[') {
                inClass = true;
                java.append(c);
            } else {
                java.append(c == '$' ? "\\z" : String.valueOf(c));
            }
        }
        return java.toString();
    }
}

package io.edgeplane.events;

import static io.edgeplane.events.ContractSchemas.javaViolations;
import static io.edgeplane.events.ContractSchemas.ruleViolations;
import static io.edgeplane.events.ContractSchemas.sampleJson;
import static io.edgeplane.events.ContractSchemas.schemaErrors;
import static io.edgeplane.events.ContractSchemas.schemaNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JSON Schemas describe exactly what Jackson writes and what {@code check()} accepts. */
class EventSchemaTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaIsAnOpenDraft202012ObjectWithIdAndTitle(EventType type) {
        ObjectNode schema = schemaNode(type);

        assertThat(ContractSchemas.metaSchema().validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo("https://edgeplane.io/schemas/" + type.ceType() + ".json");
        assertThat(schema.path("title").asText())
                .contains(type.recordClass().getSimpleName())
                .contains(type.ceType());
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean() && schema.path("additionalProperties").asBoolean())
                .as("consumers ignore unknown fields, so the schema must allow them").isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyFieldHasADescription(EventType type) {
        ObjectNode schema = schemaNode(type);
        List<String> undocumented = new ArrayList<>();
        forEachObjectSchema(schema, (path, objectSchema) -> objectSchema.path("properties").properties()
                .forEach(p -> {
                    if (p.getValue().path("description").asText().isBlank()) {
                        undocumented.add(path + "." + p.getKey());
                    }
                }));
        assertThat(schema.path("description").asText()).isNotBlank();
        assertThat(undocumented).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaPropertiesAreExactlyTheRecordComponents(EventType type) {
        ObjectNode schema = schemaNode(type);
        assertThat(propertyNames(schema)).isEqualTo(componentNames(type.recordClass()));
        for (Class<?> nested : nestedRecords(type.recordClass())) {
            JsonNode def = schema.path("$defs").path(nested.getSimpleName());
            assertThat(def.isObject()).as("$defs/%s", nested.getSimpleName()).isTrue();
            assertThat(propertyNames(def)).as("$defs/%s", nested.getSimpleName()).isEqualTo(componentNames(nested));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void enumsListTheValuesJavaWrites(EventType type) {
        ObjectNode schema = schemaNode(type);
        checkEnums(type.recordClass(), schema);
        for (Class<?> nested : nestedRecords(type.recordClass())) {
            checkEnums(nested, schema.path("$defs").path(nested.getSimpleName()));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleIsValidForSchemaAndJava(EventType type) {
        ObjectNode json = sampleJson(type);
        assertThat(schemaErrors(type, json)).isEmpty();
        assertThat(javaViolations(type, json)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaExampleIsTheSample(EventType type) throws Exception {
        JsonNode example = schemaNode(type).path("examples").path(0);
        assertThat(example).isEqualTo(sampleJson(type));
        assertThat(EventJson.mapper().treeToValue(example, type.recordClass())).isEqualTo(SampleEvents.of(type));
    }

    /**
     * Removes every field of the sample, one at a time, at every depth: the schema must reject the result
     * exactly when Java does, and Java must name the removed field.
     */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void removingAnyFieldFailsTheSchemaExactlyWhenItFailsJava(EventType type) {
        ObjectNode sample = sampleJson(type);
        List<String> disagreements = new ArrayList<>();
        for (String path : fieldPaths(sample, "")) {
            ObjectNode broken = sample.deepCopy();
            remove(broken, path);
            Set<ValidationMessage> schema = schemaErrors(type, broken);
            List<Violation> java = javaViolations(type, broken);
            if (schema.isEmpty() != java.isEmpty()) {
                disagreements.add("without " + path + ": schema " + schema + ", java " + java);
            }
            if (!java.isEmpty() && java.stream().noneMatch(v -> v.field().equals(path))) {
                disagreements.add("without " + path + ": java names other fields: " + java);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    /** Every list limit of the schemas is the limit Java enforces: at the limit both accept, one more both refuse. */
    @Test
    void maxItemsIsTheLimitJavaEnforces() {
        List<String> checked = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (EventType type : EventType.values()) {
            ObjectNode sample = sampleJson(type);
            ObjectNode schema = schemaNode(type);
            forEachArray(sample, schema, schema, "", (path, array, max) -> {
                checked.add(type.ceType() + " " + path);
                JsonNode element = array.isEmpty() ? JsonNodeFactory.instance.textNode("x") : array.get(0);
                for (int size : new int[] {max, max + 1}) {
                    ArrayNode filled = JsonNodeFactory.instance.arrayNode();
                    for (int i = 0; i < size; i++) {
                        filled.add(element.deepCopy());
                    }
                    ObjectNode candidate = sample.deepCopy();
                    replace(candidate, path, filled);
                    boolean schemaOk = schemaErrors(type, candidate).isEmpty();
                    List<Violation> java = ruleViolations(type, candidate);
                    boolean expectOk = size == max;
                    if (schemaOk != expectOk || java.isEmpty() != expectOk) {
                        disagreements.add(type.ceType() + " " + path + " with " + size + " items: schema ok="
                                + schemaOk + ", java " + java);
                    }
                    if (!expectOk && java.stream().noneMatch(v -> v.field().equals(path)
                            && v.rule().equals("max-items"))) {
                        disagreements.add(type.ceType() + " " + path + " with " + size
                                + " items: java did not report max-items: " + java);
                    }
                }
            });
        }
        assertThat(checked).hasSizeGreaterThan(EventType.values().length); // causedBy everywhere, and more
        assertThat(checked).contains("io.edgeplane.data.fetched.v1 files",
                "io.edgeplane.files.distributed.v1 changedPaths", "io.edgeplane.invalidation.submitted.v1 paths");
        assertThat(disagreements).isEmpty();
    }

    /** Every string length limit of the schemas is the one Java enforces (ASCII, where characters are bytes). */
    @Test
    void maxLengthIsTheLimitJavaEnforces() {
        List<String> checked = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (EventType type : EventType.values()) {
            ObjectNode sample = sampleJson(type);
            ObjectNode schema = schemaNode(type);
            forEachStringWithMaxLength(sample, schema, schema, "", (path, max, isViewerPath) -> {
                checked.add(type.ceType() + " " + path);
                for (int length : new int[] {max, max + 1}) {
                    String value = isViewerPath ? "/" + "a".repeat(length - 1) : "a".repeat(length);
                    ObjectNode candidate = sample.deepCopy();
                    replace(candidate, path, JsonNodeFactory.instance.textNode(value));
                    boolean schemaOk = schemaErrors(type, candidate).isEmpty();
                    boolean javaOk = javaViolations(type, candidate).isEmpty();
                    if (schemaOk != javaOk || schemaOk != (length == max)) {
                        disagreements.add(type.ceType() + " " + path + " of " + length + " characters: schema ok="
                                + schemaOk + ", java ok=" + javaOk);
                    }
                }
            });
        }
        assertThat(checked).contains("io.edgeplane.data.fetched.v1 prefix", "io.edgeplane.data.fetched.v1 files[0].key",
                "io.edgeplane.tenant.provisioned.v1 subdomain", "io.edgeplane.media.video.uploaded.v1 key");
        assertThat(disagreements).isEmpty();
    }

    @Test
    void idLikePatternsAreThoseOfConstraints() {
        Set<String> expected = Set.of("^" + Constraints.ID.pattern() + "$", "^" + Constraints.DISTRIBUTION_ID.pattern()
                + "$", "^" + Constraints.BUCKET.pattern() + "$", "^" + Constraints.SHA256.pattern() + "$");
        Set<String> used = new TreeSet<>();
        for (EventType type : EventType.values()) {
            collectPatterns(schemaNode(type), used);
        }
        assertThat(used).containsAll(expected);
        // Every other pattern is one the agreement tests cover: object keys, viewer paths, not-blank, media types.
        Set<String> others = new TreeSet<>(used);
        others.removeAll(expected);
        others.removeIf(p -> p.equals("\\S") || p.equals("^video/") || p.equals("^image/"));
        assertThat(others).containsExactlyInAnyOrder(KeyPatternAgreementTest.objectKeyPattern(),
                KeyPatternAgreementTest.prefixPattern(), KeyPatternAgreementTest.viewerPathPattern());
    }

    // --- walking schemas and samples -------------------------------------------------------------------------

    private static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The JSON names of a record's components: {@code @JsonProperty} where present, else the component name. */
    private static Set<String> componentNames(Class<?> record) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            com.fasterxml.jackson.annotation.JsonProperty renamed =
                    component.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            names.add(renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName());
        }
        return names;
    }

    /** Record types used by the components of {@code record}, directly or as list elements. */
    private static Set<Class<?>> nestedRecords(Class<?> record) {
        Set<Class<?>> nested = new LinkedHashSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            Class<?> type = elementType(component);
            if (type.isRecord()) {
                nested.add(type);
            }
        }
        return nested;
    }

    private static Class<?> elementType(RecordComponent component) {
        if (List.class.isAssignableFrom(component.getType())) {
            Type argument = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            return (Class<?>) argument;
        }
        return component.getType();
    }

    private static void checkEnums(Class<?> record, JsonNode schema) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getType().isEnum()) {
                List<String> javaValues = Arrays.stream(component.getType().getEnumConstants())
                        .map(c -> JsonEnums.json((Enum<?>) c)).toList();
                List<String> schemaValues = new ArrayList<>();
                schema.path("properties").path(component.getName()).path("enum")
                        .forEach(v -> schemaValues.add(v.asText()));
                assertThat(schemaValues).as("%s.%s", record.getSimpleName(), component.getName())
                        .isEqualTo(javaValues);
            }
        }
    }

    private static void forEachObjectSchema(JsonNode schema, BiConsumer<String, JsonNode> action) {
        action.accept("", schema);
        schema.path("$defs").properties().forEach(d -> action.accept("$defs/" + d.getKey(), d.getValue()));
    }

    private static void collectPatterns(JsonNode node, Set<String> patterns) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("pattern") && e.getValue().isTextual()) {
                    patterns.add(e.getValue().asText());
                } else if (!e.getKey().equals("examples")) {
                    collectPatterns(e.getValue(), patterns);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectPatterns(child, patterns));
        }
    }

    /** Paths of every field of every object in the sample, e.g. {@code files[0].key}; list elements: the first. */
    private static List<String> fieldPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        node.properties().forEach(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            paths.add(path);
            JsonNode value = e.getValue();
            if (value.isObject()) {
                paths.addAll(fieldPaths(value, path));
            } else if (value.isArray() && !value.isEmpty() && value.get(0).isObject()) {
                paths.addAll(fieldPaths(value.get(0), path + "[0]"));
            }
        });
        return paths;
    }

    private static void remove(ObjectNode root, String path) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? root : (ObjectNode) root.at(pointer(path.substring(0, dot)));
        parent.remove(dot < 0 ? path : path.substring(dot + 1));
    }

    private static void replace(ObjectNode root, String path, JsonNode value) {
        String pointer = pointer(path);
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    /** {@code files[0].key} as the JSON pointer {@code /files/0/key}. */
    private static String pointer(String path) {
        return "/" + path.replace("[", ".").replace("]", "").replace('.', '/');
    }

    private interface ArrayVisitor {
        void visit(String path, JsonNode array, int maxItems);
    }

    private interface StringVisitor {
        void visit(String path, int maxLength, boolean viewerPath);
    }

    /** Visits every array of the sample whose schema has maxItems (walking into objects and first elements). */
    private static void forEachArray(JsonNode sample, JsonNode objectSchema, JsonNode root, String prefix,
            ArrayVisitor visitor) {
        sample.properties().forEach(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode property = resolve(root, objectSchema.path("properties").path(e.getKey()));
            if (e.getValue().isArray()) {
                if (property.has("maxItems")) {
                    visitor.visit(path, e.getValue(), property.path("maxItems").asInt());
                }
                JsonNode items = resolve(root, property.path("items"));
                if (!e.getValue().isEmpty() && e.getValue().get(0).isObject()) {
                    forEachArray(e.getValue().get(0), items, root, path + "[0]", visitor);
                }
            } else if (e.getValue().isObject()) {
                forEachArray(e.getValue(), property, root, path, visitor);
            }
        });
    }

    private static void forEachStringWithMaxLength(JsonNode sample, JsonNode objectSchema, JsonNode root,
            String prefix, StringVisitor visitor) {
        sample.properties().forEach(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode property = resolve(root, objectSchema.path("properties").path(e.getKey()));
            if (e.getValue().isTextual() && property.has("maxLength")) {
                visitor.visit(path, property.path("maxLength").asInt(), false);
            } else if (e.getValue().isArray() && !e.getValue().isEmpty()) {
                JsonNode items = resolve(root, property.path("items"));
                if (e.getValue().get(0).isObject()) {
                    forEachStringWithMaxLength(e.getValue().get(0), items, root, path + "[0]", visitor);
                } else if (e.getValue().get(0).isTextual() && items.has("maxLength")) {
                    boolean viewerPath = items.path("pattern").asText().startsWith("^/");
                    visitor.visit(path + "[0]", items.path("maxLength").asInt(), viewerPath);
                }
            } else if (e.getValue().isObject()) {
                forEachStringWithMaxLength(e.getValue(), property, root, path, visitor);
            }
        });
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#") ? root.at(ref.substring(1)) : schema;
    }
}

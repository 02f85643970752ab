package io.edgeplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The AsyncAPI document lists every topic, event type, header, record key and who sends and receives what. */
class AsyncApiDocumentTest {
    private static final JsonNode DOC = load();
    private static final String DEAD_LETTER_ADDRESS = Topics.deadLetter("{service}");
    private static final Set<String> CONSUMING_SERVICES =
            Set.of("distributor-service", "invalidation-service", "dns-service", "media-service");

    /** Who sends and receives what inside Edgeplane (ARCHITECTURE.md, "Services"). */
    private static final Set<String> SERVICE_OPERATIONS = Set.of(
            "fetcher-service send DataFetched",
            "distributor-service receive DataFetched",
            "distributor-service receive DeploymentCompleted",
            "distributor-service send FilesDistributed",
            "distributor-service send DeploymentPromoted",
            "distributor-service send DeploymentFailed",
            "invalidation-service receive FilesDistributed",
            "invalidation-service send InvalidationSubmitted",
            "invalidation-service send InvalidationCompleted",
            "invalidation-service send InvalidationFailed",
            "dns-service receive TenantProvisioned",
            "dns-service receive TenantUpdated",
            "dns-service receive TenantDeprovisioned",
            "dns-service send TenantDnsReady",
            "dns-service send TenantDnsFailed",
            "dns-service send TenantMigrated",
            "media-service receive VideoUploaded",
            "media-service receive ImageUploaded",
            "media-service send MediaProcessed",
            "media-service send MediaFailed",
            "media-service send FilesDistributed",
            "distributor-service send DeadLetter",
            "invalidation-service send DeadLetter",
            "dns-service send DeadLetter",
            "media-service send DeadLetter");

    @Test
    void isAnAsyncApi3DocumentOfJsonMessages() {
        assertThat(DOC.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(DOC.path("defaultContentType").asText()).isEqualTo("application/json");
        assertThat(DOC.at("/info/title").asText()).isNotBlank();
        assertThat(DOC.at("/info/description").asText()).contains("binary mode").contains("new type");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeIsAMessageOnTheChannelOfItsTopic(EventType type) {
        String name = messageName(type);
        JsonNode message = DOC.at("/components/messages/" + name);

        assertThat(name).isEqualTo(type.recordClass().getSimpleName());
        assertThat(message.path("name").asText()).isEqualTo(name);
        assertThat(message.path("contentType").asText()).isEqualTo("application/json");
        String payloadRef = message.at("/payload/$ref").asText();
        assertThat("/" + payloadRef).isEqualTo(type.schemaResource());
        assertThat(getClass().getResource("/" + payloadRef)).as("payload schema %s", payloadRef).isNotNull();
        assertThat(message.at("/bindings/kafka/key/type").asText()).isEqualTo("string");
        assertThat(message.at("/bindings/kafka/key/description").asText()).isNotBlank();

        List<String> channels = new ArrayList<>();
        DOC.path("channels").properties().forEach(c -> {
            if (c.getValue().path("address").asText().equals(type.topic())) {
                channels.add(c.getKey());
                assertThat(c.getValue().at("/messages/" + name + "/$ref").asText())
                        .isEqualTo("#/components/messages/" + name);
            }
        });
        assertThat(channels).as("channels with address %s", type.topic()).hasSize(1);
    }

    @Test
    void everyTopicIsAChannelAndEveryChannelATopic() throws Exception {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        topics.add(DEAD_LETTER_ADDRESS);
        Set<String> addresses = new TreeSet<>();
        DOC.path("channels").forEach(c -> addresses.add(c.path("address").asText()));

        assertThat(topics).hasSizeGreaterThan(10);
        assertThat(addresses).isEqualTo(topics);
    }

    @Test
    void deadLetterChannelIsTheTopicOfEveryConsumingService() {
        JsonNode deadLetter = channelWithAddress(DEAD_LETTER_ADDRESS);
        Set<String> services = new TreeSet<>();
        deadLetter.at("/parameters/service/enum").forEach(s -> services.add(s.asText()));

        assertThat(services).isEqualTo(new TreeSet<>(CONSUMING_SERVICES));
        for (String service : services) {
            assertThat(DEAD_LETTER_ADDRESS.replace("{service}", service)).isEqualTo(Topics.deadLetter(service));
        }
        assertThat(deadLetter.at("/messages/DeadLetter/$ref").asText()).isEqualTo("#/components/messages/DeadLetter");
        assertThat(DOC.at("/components/messages/DeadLetter/headers/properties/dead-letter-reason").isObject())
                .isTrue();
    }

    @Test
    void operationsSayWhichServiceSendsAndReceivesWhat() {
        Set<String> actual = new TreeSet<>();
        DOC.path("operations").forEach(operation -> {
            String service = operation.at("/tags/0/name").asText();
            if (!service.equals("upstream")) {
                operation.path("messages").forEach(m -> actual.add(service + " "
                        + operation.path("action").asText() + " " + resolve(m).path("name").asText()));
            }
        });
        assertThat(actual).isEqualTo(new TreeSet<>(SERVICE_OPERATIONS));
    }

    @Test
    void everyEventTypeHasASenderAndAReceiver() {
        Set<String> sent = new TreeSet<>();
        Set<String> received = new TreeSet<>();
        DOC.path("operations").forEach(operation -> operation.path("messages").forEach(m -> {
            String name = resolve(m).path("name").asText();
            (operation.path("action").asText().equals("send") ? sent : received).add(name);
        }));
        for (EventType type : EventType.values()) {
            assertThat(sent).as("senders").contains(messageName(type));
            assertThat(received).as("receivers").contains(messageName(type));
        }
    }

    @Test
    void operationMessagesBelongToTheOperationsChannel() {
        DOC.path("operations").properties().forEach(o -> {
            String channelRef = o.getValue().at("/channel/$ref").asText();
            assertThat(resolve(o.getValue().path("channel")).isMissingNode()).as(o.getKey()).isFalse();
            assertThat(o.getValue().path("action").asText()).as(o.getKey()).isIn("send", "receive");
            assertThat(o.getValue().path("messages")).as(o.getKey()).isNotEmpty();
            o.getValue().path("messages").forEach(m -> {
                assertThat(m.path("$ref").asText()).as(o.getKey()).startsWith(channelRef + "/messages/");
                assertThat(resolve(m).isMissingNode()).as(o.getKey()).isFalse();
            });
        });
    }

    @Test
    void headerSchemaListsEveryHeaderTheCodecWritesAndRequiresWhatDecodeRequires() {
        JsonNode headers = DOC.at("/components/schemas/CloudEventHeaders");
        Set<String> names = new TreeSet<>();
        headers.path("properties").fieldNames().forEachRemaining(names::add);
        Set<String> required = new TreeSet<>();
        headers.path("required").forEach(r -> required.add(r.asText()));

        assertThat(names).containsExactlyInAnyOrder(CloudEventCodec.CE_SPECVERSION, CloudEventCodec.CE_ID,
                CloudEventCodec.CE_SOURCE, CloudEventCodec.CE_TYPE, CloudEventCodec.CE_TIME,
                CloudEventCodec.CE_SUBJECT, CloudEventCodec.CONTENT_TYPE);
        assertThat(required).containsExactlyInAnyOrder(CloudEventCodec.CE_SPECVERSION, CloudEventCodec.CE_ID,
                CloudEventCodec.CE_SOURCE, CloudEventCodec.CE_TYPE);
        headers.path("properties").forEach(p -> assertThat(p.path("description").asText()).isNotBlank());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRecordMatchesTheHeaderAndKeySchemasOfItsMessage(EventType type) {
        JsonNode message = DOC.at("/components/messages/" + messageName(type));
        JsonSchema headerSchema = ContractSchemas.compile(inline(message.path("headers")));
        JsonSchema keySchema = ContractSchemas.compile(message.at("/bindings/kafka/key"));
        ProducerRecord<String, byte[]> record = CloudEventCodec.toRecord(SampleEvents.envelope(type));
        ObjectNode headers = headersAsJson(record);

        assertThat(headerSchema.validate(headers)).isEmpty();
        assertThat(keySchema.validate(JsonNodeFactory.instance.textNode(record.key()))).isEmpty();

        headers.put(CloudEventCodec.CE_TYPE, type.family() + ".v9");
        assertThat(headerSchema.validate(headers)).as("another ce_type").isNotEmpty();
        assertThat(keySchema.validate(JsonNodeFactory.instance.textNode("../" + record.key()))).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void messageExampleIsTheSampleRecord(EventType type) throws Exception {
        JsonNode example = DOC.at("/components/messages/" + messageName(type) + "/examples/0");
        ProducerRecord<String, byte[]> record = CloudEventCodec.toRecord(SampleEvents.envelope(type));

        assertThat(example.path("headers")).isEqualTo(headersAsJson(record));
        assertThat(EventJson.mapper().treeToValue(example.path("payload"), type.recordClass()))
                .isEqualTo(SampleEvents.of(type));
        assertThat(example.path("summary").asText()).contains(record.key());
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** The message whose headers pin {@code ce_type} to the type. */
    private static String messageName(EventType type) {
        List<String> names = new ArrayList<>();
        DOC.at("/components/messages").properties().forEach(m -> m.getValue().at("/headers/allOf").forEach(part -> {
            if (part.at("/properties/ce_type/const").asText().equals(type.ceType())) {
                names.add(m.getKey());
            }
        }));
        assertThat(names).as("messages with ce_type %s", type.ceType()).hasSize(1);
        return names.getFirst();
    }

    private static JsonNode channelWithAddress(String address) {
        for (JsonNode channel : DOC.path("channels")) {
            if (channel.path("address").asText().equals(address)) {
                return channel;
            }
        }
        throw new AssertionError("no channel with address " + address);
    }

    private static ObjectNode headersAsJson(ProducerRecord<String, byte[]> record) {
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    /** Follows local {@code $ref}s (a channel's message may refer to a component); other nodes as they are. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        while (resolved.path("$ref").asText("").startsWith("#/")) {
            resolved = DOC.at(resolved.path("$ref").asText().substring(1));
        }
        return resolved;
    }

    /** A copy with every local {@code $ref} replaced by its target, for validating against a fragment. */
    private static JsonNode inline(JsonNode node) {
        JsonNode resolved = resolve(node);
        if (resolved.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            resolved.properties().forEach(e -> copy.set(e.getKey(), inline(e.getValue())));
            return copy;
        }
        if (resolved.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            resolved.forEach(e -> copy.add(inline(e)));
            return copy;
        }
        return resolved;
    }

    private static JsonNode load() {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

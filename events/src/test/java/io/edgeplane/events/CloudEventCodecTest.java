package io.edgeplane.events;

import static io.edgeplane.events.ContractSchemas.sampleJson;
import static io.edgeplane.events.ContractSchemas.schemaErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CloudEventCodecTest {
    private static final Set<EventType> ALL = EnumSet.allOf(EventType.class);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRoundTripsThroughTheKafkaRecord(EventType type) {
        EventEnvelope<EdgeplaneEvent> sent = SampleEvents.envelope(type);

        ProducerRecord<String, byte[]> record = CloudEventCodec.toRecord(sent);
        EventEnvelope<EdgeplaneEvent> received = CloudEventCodec.decode(record.headers(), record.value(), ALL);

        assertThat(record.topic()).isEqualTo(type.topic());
        assertThat(record.key()).isEqualTo(sent.data().key());
        assertThat(received).isEqualTo(sent);
        assertThat(received.data()).isInstanceOf(type.recordClass());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordCarriesEveryBinaryModeHeader(EventType type) {
        EventEnvelope<EdgeplaneEvent> sent = SampleEvents.envelope(type);

        Headers headers = CloudEventCodec.toRecord(sent).headers();

        assertThat(header(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(headers, "ce_id")).isEqualTo(SampleEvents.ceId(type));
        assertThat(header(headers, "ce_source")).isEqualTo(SampleEvents.source(type));
        assertThat(header(headers, "ce_type")).isEqualTo(type.ceType());
        assertThat(header(headers, "ce_time")).isEqualTo(sent.time().toString());
        assertThat(header(headers, "ce_subject")).isEqualTo(sent.data().key());
        assertThat(header(headers, "content-type")).isEqualTo("application/json");
    }

    @Test
    void envelopeOfStampsARandomIdAndTheRecordKeyAsSubject() {
        EventEnvelope<DataFetched> first = EventEnvelope.of("/edgeplane/fetcher-service", SampleEvents.dataFetched());
        EventEnvelope<DataFetched> second = EventEnvelope.of("/edgeplane/fetcher-service", SampleEvents.dataFetched());

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.type()).isEqualTo(EventType.DATA_FETCHED);
        assertThat(first.subject()).isEqualTo(SampleEvents.DATASET_ID);
    }

    @Test
    void uploadObjectKeyTravelsAsKeyWhileTheRecordKeyIsTheMediaId() {
        VideoUploaded upload = SampleEvents.videoUploaded();
        ObjectNode json = EventJson.mapper().valueToTree(upload);

        assertThat(json.path("key").asText()).isEqualTo("uploads/u-1042/2026/11/22/3b1f0c2e.mp4");
        assertThat(upload.key()).isEqualTo(SampleEvents.VIDEO_ID);
        assertThat(upload.objectKey()).isEqualTo("uploads/u-1042/2026/11/22/3b1f0c2e.mp4");
        assertThat(CloudEventCodec.toRecord(SampleEvents.envelope(EventType.VIDEO_UPLOADED)).key())
                .isEqualTo(SampleEvents.VIDEO_ID);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unknownFieldsAreIgnoredAtEveryLevel(EventType type) throws Exception {
        ObjectNode json = sampleJson(type);
        json.put("addedInAMinorRelease", "ignored").putObject("nestedNovelty").put("x", 1);
        json.properties().forEach(e -> {
            if (e.getValue().isArray() && !e.getValue().isEmpty() && e.getValue().get(0).isObject()) {
                ((ObjectNode) e.getValue().get(0)).put("perItemNovelty", true);
            }
        });

        EdgeplaneEvent decoded = CloudEventCodec.decodeData(type, EventJson.mapper().writeValueAsBytes(json));

        assertThat(decoded).isEqualTo(SampleEvents.of(type));
        assertThat(schemaErrors(type, json)).isEmpty();
    }

    @Test
    void absentTimeReadsAsReceiveTime() {
        Instant before = Instant.now();
        RecordHeaders headers = headersOf(EventType.DATA_FETCHED);
        headers.remove("ce_time");

        EventEnvelope<EdgeplaneEvent> received = CloudEventCodec.decode(headers, valueOf(EventType.DATA_FETCHED), ALL);

        assertThat(received.time()).isBetween(before, Instant.now());
    }

    @Test
    void typeOutsideTheAcceptedSetIsRefusedEvenIfKnown() {
        assertThatThrownBy(() -> CloudEventCodec.decode(headersOf(EventType.FILES_DISTRIBUTED),
                valueOf(EventType.FILES_DISTRIBUTED), Set.of(EventType.DATA_FETCHED)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("io.edgeplane.files.distributed.v1")
                .hasMessageContaining("accepts io.edgeplane.data.fetched.v1");
    }

    // --- invalid records: which field, which rule --------------------------------------------------------------

    /**
     * One broken record.
     *
     * @param schemaToo whether the JSON Schema must refuse the data as well (data-level cases)
     */
    record Invalid(String name, EventType type, Consumer<RecordHeaders> headers, Function<ObjectNode, byte[]> value,
            String field, String rule, boolean schemaToo) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalidRecords() {
        return Stream.of(
                headerCase("missing ce_specversion", h -> h.remove("ce_specversion"), "ce_specversion",
                        "cloudevents-binary"),
                headerCase("wrong spec version", h -> set(h, "ce_specversion", "0.3"), "ce_specversion",
                        "spec-version"),
                headerCase("missing ce_id", h -> h.remove("ce_id"), "ce_id", "required"),
                headerCase("blank ce_source", h -> set(h, "ce_source", " "), "ce_source", "required"),
                headerCase("missing ce_type", h -> h.remove("ce_type"), "ce_type", "required"),
                headerCase("unknown type", h -> set(h, "ce_type", "com.example.order.created.v1"), "ce_type",
                        "unknown-type"),
                headerCase("unsupported version", h -> set(h, "ce_type", "io.edgeplane.data.fetched.v9"), "ce_type",
                        "unsupported-version"),
                headerCase("structured-mode content type", h -> set(h, "content-type", "application/cloudevents+json"),
                        "content-type", "content-type"),
                headerCase("time that is not RFC 3339", h -> set(h, "ce_time", "22/11/2026 02:00"), "ce_time",
                        "rfc3339"),
                raw("empty value", new byte[0], "data", "required"),
                raw("invalid JSON", "{\"datasetId\": ".getBytes(StandardCharsets.UTF_8), "data", "json"),
                raw("trailing garbage after the object", (new String(valueOf(EventType.DATA_FETCHED),
                        StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8), "data", "json"),
                raw("JSON null", "null".getBytes(StandardCharsets.UTF_8), "data", "json-object"),
                raw("JSON array", "[{\"datasetId\":\"a\"}]".getBytes(StandardCharsets.UTF_8), "data", "json-object"),
                raw("oversized value (over 1 MiB)", oversized(), "data", "max-size"),
                data("wrong-typed field (string where number)", EventType.DATA_FETCHED,
                        j -> file0(j).put("size", "244 kB"), "files[0].size", "type"),
                data("wrong-typed list", EventType.DATA_FETCHED, j -> j.put("files", "complete-data.json"), "files",
                        "type"),
                data("wrong-typed instant", EventType.DATA_FETCHED, j -> j.put("fetchedAt", "yesterday"), "fetchedAt",
                        "type"),
                data("number out of range of its field", EventType.FILES_DISTRIBUTED,
                        j -> j.put("successCount", 3_000_000_000L), "successCount", "type"),
                data("unknown enum value", EventType.DEPLOYMENT_COMPLETED, j -> j.put("mode", "blue-green"), "mode",
                        "value"),
                data("unknown enum value in a list item", EventType.FILES_DISTRIBUTED,
                        j -> ((ObjectNode) j.withArray("results").get(0)).put("status", "moved"), "results[0].status",
                        "value"),
                data("missing required field", EventType.DATA_FETCHED, j -> j.remove("datasetId"), "datasetId",
                        "required"),
                data("missing required nested field", EventType.MEDIA_PROCESSED,
                        j -> ((ObjectNode) j.withArray("outputs").get(0)).remove("cacheControl"),
                        "outputs[0].cacheControl", "required"),
                data("required list that is empty", EventType.DATA_FETCHED, j -> j.putArray("files"), "files",
                        "not-empty"),
                data("blank required text", EventType.DATA_FETCHED, j -> j.put("source", "  "), "source", "not-blank"),
                data("path traversal in an object key", EventType.DATA_FETCHED, j -> file0(j).put("key", "../x"),
                        "files[0].key", "object-key"),
                data("traversal in the middle of a key", EventType.VIDEO_UPLOADED,
                        j -> j.put("key", "uploads/../../etc/passwd"), "key", "object-key"),
                data("absolute object key", EventType.DATA_FETCHED, j -> file0(j).put("key", "/etc/passwd"),
                        "files[0].key", "object-key"),
                data("control character in a key", EventType.MEDIA_PROCESSED, j -> j.put("sourceKey", "a\u0000b"),
                        "sourceKey", "object-key"),
                data("viewer path without leading slash", EventType.FILES_DISTRIBUTED,
                        j -> j.putArray("changedPaths").add("data/regions.json"), "changedPaths[0]", "viewer-path"),
                data("oversized list (5,001 paths)", EventType.FILES_DISTRIBUTED, j -> {
                    ArrayNode paths = j.putArray("changedPaths");
                    for (int i = 0; i < 5_001; i++) {
                        paths.add("/data/file-" + i + ".json");
                    }
                }, "changedPaths", "max-items"),
                data("bad distribution id", EventType.INVALIDATION_COMPLETED, j -> j.put("distributionId", "e-123"),
                        "distributionId", "distribution-id"),
                data("bad bucket name", EventType.DATA_FETCHED, j -> j.put("bucket", "Source_Bucket"), "bucket",
                        "bucket-name"),
                data("bad sha256", EventType.DATA_FETCHED, j -> file0(j).put("sha256", "not-a-digest"),
                        "files[0].sha256", "sha256-hex"),
                data("id that is not path-safe", EventType.TENANT_PROVISIONED, j -> j.put("tenantId", "../acme"),
                        "tenantId", "id"),
                data("both tenantId and siteId set", EventType.DEPLOYMENT_COMPLETED, j -> j.put("siteId", "docs"),
                        "tenantId", "one-of"),
                data("neither tenantId nor siteId set", EventType.DEPLOYMENT_PROMOTED, j -> j.remove("tenantId"),
                        "tenantId", "one-of"),
                data("negative count", EventType.DEPLOYMENT_PROMOTED, j -> j.put("filesCopied", -1), "filesCopied",
                        "non-negative"),
                data("image over 200 MiB", EventType.IMAGE_UPLOADED, j -> j.put("sizeBytes", 200L * 1024 * 1024 + 1),
                        "sizeBytes", "max-size"),
                data("video that is not video/*", EventType.VIDEO_UPLOADED, j -> j.put("contentType", "image/png"),
                        "contentType", "media-type"),
                data("skipped without a reason", EventType.FILES_DISTRIBUTED, j -> j.put("skipped", true),
                        "skipReason", "required"),
                data("null list item", EventType.FILES_DISTRIBUTED, j -> j.putArray("causedBy").addNull(),
                        "causedBy[0]", "required"),
                data("blank causedBy id", EventType.TENANT_DEPROVISIONED, j -> j.putArray("causedBy").add(""),
                        "causedBy[0]", "not-blank"),
                data("subdomain longer than 253 characters", EventType.TENANT_UPDATED,
                        j -> j.put("subdomain", "a".repeat(254)), "subdomain", "max-length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRecords")
    void invalidRecordIsRefusedNamingFieldAndRule(Invalid invalid) throws Exception {
        RecordHeaders headers = headersOf(invalid.type());
        invalid.headers().accept(headers);
        byte[] value = invalid.value().apply(sampleJson(invalid.type()));

        assertThatThrownBy(() -> CloudEventCodec.decode(headers, value, ALL))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(e -> assertThat(((InvalidEventException) e).violations())
                        .extracting(Violation::field, Violation::rule)
                        .contains(tuple(invalid.field(), invalid.rule())))
                .hasMessageContaining(invalid.field());
        if (invalid.schemaToo()) {
            assertThat(schemaErrors(invalid.type(), EventJson.mapper().readTree(value)))
                    .as("the JSON Schema refuses it too").isNotEmpty();
        }
    }

    @Test
    void everyViolationOfOneEventIsReportedAtOnce() {
        ObjectNode json = sampleJson(EventType.DATA_FETCHED);
        json.remove("runId");
        json.put("bucket", "B");
        file0(json).put("key", "../x");

        assertThatThrownBy(() -> CloudEventCodec.decodeData(EventType.DATA_FETCHED,
                EventJson.mapper().writeValueAsBytes(json)))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(e -> assertThat(((InvalidEventException) e).violations())
                        .extracting(Violation::field)
                        .containsExactly("runId", "bucket", "files[0].key"));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Invalid headerCase(String name, Consumer<RecordHeaders> change, String field, String rule) {
        return new Invalid(name, EventType.DATA_FETCHED, change, CloudEventCodecTest::bytes, field, rule, false);
    }

    private static Invalid raw(String name, byte[] value, String field, String rule) {
        return new Invalid(name, EventType.DATA_FETCHED, h -> { }, j -> value, field, rule, false);
    }

    private static Invalid data(String name, EventType type, Consumer<ObjectNode> change, String field, String rule) {
        return new Invalid(name, type, h -> { }, j -> {
            change.accept(j);
            return bytes(j);
        }, field, rule, true);
    }

    private static ObjectNode file0(ObjectNode dataFetched) {
        return (ObjectNode) dataFetched.withArray("files").get(0);
    }

    /** A well-formed DataFetched whose only fault is its size. */
    private static byte[] oversized() {
        ObjectNode json = sampleJson(EventType.DATA_FETCHED);
        json.put("contentHash", "x".repeat(CloudEventCodec.MAX_DATA_BYTES));
        return bytes(json);
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return EventJson.mapper().writeValueAsBytes(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordHeaders headersOf(EventType type) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventCodec.toRecord(SampleEvents.envelope(type)).headers().forEach(headers::add);
        return headers;
    }

    private static byte[] valueOf(EventType type) {
        return CloudEventCodec.toRecord(SampleEvents.envelope(type)).value();
    }

    private static void set(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(Headers headers, String name) {
        return CloudEventCodec.header(headers, name);
    }
}

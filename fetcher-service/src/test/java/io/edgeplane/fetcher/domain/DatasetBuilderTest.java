package io.edgeplane.fetcher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatasetBuilderTest {
    private static final Instant T1 = Instant.parse("2026-11-22T02:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-11-23T02:00:07Z");
    private final DatasetBuilder builder = new DatasetBuilder();

    static InfrastructureSnapshot snapshot() {
        return new InfrastructureSnapshot("ssm",
                List.of(new RegionInfo("us-east-1", "US East (N. Virginia)", "aws"),
                        new RegionInfo("eu-west-1", "Europe (Ireland)", "aws")),
                List.of(new ServiceInfo("s3", "Amazon Simple Storage Service (S3)"),
                        new ServiceInfo("lambda", "AWS Lambda"),
                        new ServiceInfo("bedrock", "Amazon Bedrock")),
                Map.of("us-east-1", Set.of("s3", "lambda", "bedrock"), "eu-west-1", Set.of("s3", "lambda")));
    }

    /** The same facts in another order, as a paged or parallel source may deliver them. */
    static InfrastructureSnapshot shuffled() {
        return new InfrastructureSnapshot("ssm",
                List.of(new RegionInfo("eu-west-1", "Europe (Ireland)", "aws"),
                        new RegionInfo("us-east-1", "US East (N. Virginia)", "aws")),
                List.of(new ServiceInfo("bedrock", "Amazon Bedrock"), new ServiceInfo("lambda", "AWS Lambda"),
                        new ServiceInfo("s3", "Amazon Simple Storage Service (S3)")),
                Map.of("eu-west-1", Set.of("lambda", "s3"), "us-east-1", Set.of("bedrock", "s3", "lambda")));
    }

    @Test
    void producesTheThreeDocumentsAsJson() {
        Dataset dataset = builder.build(snapshot(), T1, "run-1");
        assertThat(dataset.files()).extracting(DatasetFile::name)
                .containsExactly("complete-data.json", "regions.json", "services.json");
        assertThat(dataset.files()).allSatisfy(f -> {
            assertThat(f.contentType()).isEqualTo("application/json");
            assertThat(f.sha256()).isEqualTo(DatasetBuilder.sha256Hex(f.bytes())).hasSize(64);
        });
        assertThat(dataset.regionCount()).isEqualTo(2);
        assertThat(dataset.serviceCount()).isEqualTo(3);
    }

    @Test
    void regionsDocumentIsSortedWithLongNamesCountsAndMetadata() throws Exception {
        JsonNode doc = json(builder.build(snapshot(), T1, "run-1").file("regions.json"));
        assertThat(doc.path("metadata").path("schemaVersion").asText()).isEqualTo("1.0");
        assertThat(doc.path("metadata").path("generatedAt").asText()).isEqualTo("2026-11-22T02:00:00Z");
        assertThat(doc.path("metadata").path("runId").asText()).isEqualTo("run-1");
        assertThat(doc.path("metadata").path("source").asText()).isEqualTo("ssm");
        assertThat(doc.path("metadata").path("regionCount").asInt()).isEqualTo(2);
        assertThat(doc.path("regions").get(0).path("code").asText()).isEqualTo("eu-west-1");
        assertThat(doc.path("regions").get(0).path("name").asText()).isEqualTo("Europe (Ireland)");
        assertThat(doc.path("regions").get(0).path("serviceCount").asInt()).isEqualTo(2);
        assertThat(doc.path("regions").get(1).path("serviceCount").asInt()).isEqualTo(3);
    }

    @Test
    void completeDocumentHoldsServicesPerRegionSorted() throws Exception {
        JsonNode doc = json(builder.build(snapshot(), T1, "run-1").file("complete-data.json"));
        assertThat(doc.path("servicesByRegion").path("us-east-1").toString()).isEqualTo("[\"bedrock\",\"lambda\",\"s3\"]");
        assertThat(doc.path("services").get(0).path("code").asText()).isEqualTo("bedrock");
        assertThat(doc.path("services").get(0).path("regionCount").asInt()).isEqualTo(1);
        assertThat(doc.path("metadata").path("availabilityCount").asInt()).isEqualTo(5);
    }

    @Test
    void sameFactsInAnyOrderGiveTheSameBytes() {
        Dataset a = builder.build(snapshot(), T1, "run-1");
        Dataset b = builder.build(shuffled(), T1, "run-1");
        assertThat(b.files()).isEqualTo(a.files());
        assertThat(b.contentHash()).isEqualTo(a.contentHash());
    }

    @Test
    void formattingIsStableTwoSpaceIndentLfAndFinalNewline() {
        String text = new String(builder.build(snapshot(), T1, "run-1").file("services.json").bytes(),
                StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\n  \"metadata\" : {\n").endsWith("}\n").doesNotContain("\r");
    }

    @Test
    void contentHashIgnoresGenerationTimeAndRunIdButFileChecksumsDoNot() {
        Dataset first = builder.build(snapshot(), T1, "run-1");
        Dataset second = builder.build(snapshot(), T2, "run-2");
        assertThat(second.contentHash()).isEqualTo(first.contentHash());
        assertThat(second.file("regions.json").sha256()).isNotEqualTo(first.file("regions.json").sha256());
    }

    static Stream<Arguments> realChanges() {
        var base = snapshot();
        return Stream.of(
                Arguments.of("a region renamed", new InfrastructureSnapshot("ssm",
                        List.of(new RegionInfo("us-east-1", "US East (Virginia)", "aws"), base.regions().get(1)),
                        base.services(), base.servicesByRegion())),
                Arguments.of("a service launched in a region", new InfrastructureSnapshot("ssm", base.regions(),
                        base.services(), Map.of("us-east-1", Set.of("s3", "lambda", "bedrock"),
                                "eu-west-1", Set.of("s3", "lambda", "bedrock")))),
                Arguments.of("a new service", new InfrastructureSnapshot("ssm", base.regions(),
                        Stream.concat(base.services().stream(), Stream.of(new ServiceInfo("sqs", "Amazon SQS"))).toList(),
                        base.servicesByRegion())),
                Arguments.of("another source", new InfrastructureSnapshot("offline", base.regions(), base.services(),
                        base.servicesByRegion())));
    }

    @ParameterizedTest(name = "{0} changes the content hash")
    @MethodSource("realChanges")
    void realChangesChangeTheContentHash(String change, InfrastructureSnapshot changed) {
        assertThat(builder.build(changed, T1, "run-1").contentHash())
                .isNotEqualTo(builder.build(snapshot(), T1, "run-1").contentHash());
    }

    @Test
    void missingLongNameFallsBackToTheCode() throws Exception {
        var snapshot = new InfrastructureSnapshot("ssm", List.of(new RegionInfo("xx-new-1", null, null)),
                List.of(new ServiceInfo("s3", "")), Map.of("xx-new-1", Set.of("s3")));
        JsonNode doc = json(builder.build(snapshot, T1, "r").file("complete-data.json"));
        assertThat(doc.path("regions").get(0).path("name").asText()).isEqualTo("xx-new-1");
        assertThat(doc.path("regions").get(0).has("partition")).isFalse();
        assertThat(doc.path("services").get(0).path("name").asText()).isEqualTo("s3");
    }

    @Test
    void anEmptySnapshotIsRefusedRatherThanPublished() {
        var empty = new InfrastructureSnapshot("ssm", List.of(), List.of(new ServiceInfo("s3", "S3")), Map.of());
        assertThatThrownBy(() -> builder.build(empty, T1, "r")).hasMessageContaining("0 regions");
    }

    private static JsonNode json(DatasetFile file) throws Exception {
        return new ObjectMapper().readTree(file.bytes());
    }
}

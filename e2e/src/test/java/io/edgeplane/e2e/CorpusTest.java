package io.edgeplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EventType;
import io.edgeplane.events.Topics;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.ServiceProcess;
import io.edgeplane.testsupport.e2e.TopicRecorder;
import io.edgeplane.testsupport.e2e.TopicRecorder.Received;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bad-input corpus ({@code src/test/resources/corpus}) against the running stack: malformed and
 * hostile events on every input topic, interleaved with valid ones, each getting its specific dead
 * letter or failure event while the valid events around it are processed and no service dies; and
 * hostile REST calls answered 401/400 problem+json naming the field.
 */
@org.junit.jupiter.api.Order(2)
@ExtendWith(E2eStack.class)
class CorpusTest {
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TopicRecorder recorder;

    @AfterAll
    static void closeRecorder() {
        if (recorder != null) {
            recorder.close();
        }
    }

    /** What one published record must lead to. */
    private record Expectation(String name, String pending, Runnable check) {
    }

    @TestFactory
    Stream<DynamicNode> everyBadEventGetsItsSpecificOutcomeAndTheValidOnesAroundItAreProcessed() {
        E2eStack.Shared shared = E2eStack.get();
        EdgeplaneStack stack = shared.stack();
        recorder = recorder(stack);
        Map<String, Integer> startsBefore = new HashMap<>();
        stack.services().forEach(s -> startsBefore.put(s.name(), s.starts()));
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        putSourceFiles(stack, run);

        List<DynamicNode> files = new ArrayList<>();
        long published = 0;
        for (String file : Corpus.EVENT_FILES) {
            JsonNode spec = Corpus.load(file);
            List<Expectation> expectations = new ArrayList<>();
            published += publishFile(shared, spec, run, expectations);
            files.add(DynamicContainer.dynamicContainer(file + ": " + spec.get("input").asText(),
                    expectations.stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
                        assumeTrue(e.pending() == null, e.pending());
                        e.check().run();
                    }))));
        }
        long total = published;
        files.add(DynamicTest.dynamicTest("no service crashed, restarted or stopped answering ready", () -> {
            assertThat(total).isGreaterThanOrEqualTo(60);
            for (ServiceProcess s : stack.services()) {
                assertThat(s.isAlive()).as("%s alive", s.name()).isTrue();
                assertThat(s.starts()).as("%s restarts", s.name()).isEqualTo(startsBefore.get(s.name()));
                assertThat(s.ready()).as("%s ready", s.name()).isTrue();
            }
        }));
        return files.stream();
    }

    static TopicRecorder recorder(EdgeplaneStack stack) {
        List<String> topics = new ArrayList<>(List.of(Topics.FILES_DISTRIBUTED, Topics.DEPLOYMENTS_PROMOTED,
                Topics.TENANTS_DNS, Topics.MEDIA_STATUS, Topics.INVALIDATIONS_STATUS));
        EdgeplaneStack.SERVICES.forEach(s -> topics.add(Topics.deadLetter(s)));
        return new TopicRecorder(stack.bootstrapServers(), topics);
    }

    private static void putSourceFiles(EdgeplaneStack stack, String run) {
        try (S3Client s3 = stack.s3().client()) {
            s3.putObject(b -> b.bucket("edgeplane-source").key("corpus/" + run + "/regions.json")
                    .contentType("application/json"), RequestBody.fromString("{\"corpus\":true}"));
            // The corpus's valid DeploymentCompleted events deploy tenant corpus-<run> from its own build root.
            s3.putObject(b -> b.bucket("edgeplane-source").key("tenants/corpus-" + run + "/builds/b1/index.html")
                    .contentType("text/html"), RequestBody.fromString("<!doctype html><title>corpus</title>"));
            s3.putObject(b -> b.bucket("edgeplane-source").key("tenants/corpus-" + run + "/builds/b1/assets/app.3f2a9c1b.js")
                    .contentType("text/javascript"), RequestBody.fromString("console.log('corpus')"));
        }
    }

    /** Publishes a file's cases, each followed by a valid event; returns the number of bad records. */
    private static int publishFile(E2eStack.Shared shared, JsonNode spec, String run, List<Expectation> out) {
        String topic = spec.get("topic").asText();
        String service = spec.get("service").asText();
        EventType type = EventType.ofCeType(spec.get("ceType").asText()).orElseThrow();
        int validEvery = spec.path("validEvery").asInt(1);
        int n = 0;
        int count = 0;
        List<JsonNode> cases = new ArrayList<>();
        spec.get("cases").forEach(cases::add);
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            Map<String, String> vars = Map.of("run", run, "n", "x" + i);
            String name = "#" + (i + 1) + " " + c.get("name").asText();
            String pending = c.hasNonNull("pending") ? c.get("pending").asText() : null;
            byte[] value;
            if (c.has("body")) {
                value = c.get("body").asText().getBytes(StandardCharsets.UTF_8);
            } else {
                ObjectNode data = c.has("data") ? (ObjectNode) Corpus.expand(c.get("data"), vars)
                        : Corpus.patch(Corpus.expand(spec.get("valid"), vars), Corpus.expand(c.get("patch"), vars));
                long size = 1000;
                if (c.has("upload")) {
                    byte[] upload = TestMedia.generate(c.get("upload").asText(), i);
                    upload(shared.stack(), data.get("key").asText(), data.path("contentType").asText(), upload);
                    size = upload.length;
                }
                Corpus.uploadSize(data, size);
                value = Corpus.bytes(data);
            }
            String key = c.has("key") ? Corpus.substitute(c.get("key").asText(), vars) : "bad-" + run + "-" + topic + "-" + i;
            Map<String, String> headers = EventsClient.ceHeaders(type);
            if (c.has("headers")) {
                c.get("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            }
            if (c.has("dropHeaders")) {
                c.get("dropHeaders").forEach(h -> headers.remove(h.asText()));
            }
            shared.events().publishRaw(topic, key, headers, value);
            out.add(badExpectation(name, pending, c, topic, service, key, value, vars));
            count++;
            if (validEvery > 0 && (i + 1) % validEvery == 0) {
                out.add(publishValid(shared, spec, type, run, ++n, "valid event after #" + (i + 1)));
            }
        }
        if (spec.path("validAtEnd").asBoolean(false)) {
            out.add(publishValid(shared, spec, type, run, ++n, "valid event after the last case"));
        }
        return count;
    }

    private static Expectation badExpectation(String name, String pending, JsonNode c, String topic, String service,
            String key, byte[] value, Map<String, String> vars) {
        if (c.has("deadLetter")) {
            List<String> reasonParts = new ArrayList<>();
            c.get("deadLetter").forEach(p -> reasonParts.add(p.asText()));
            return new Expectation(name + " -> dead letter naming " + reasonParts, pending, () -> {
                Received dead = awaitOne(Topics.deadLetter(service),
                        r -> key.equals(r.key()) && Arrays.equals(value, r.record().value()),
                        "dead letter of '" + name + "' (key " + key + ") in " + Topics.deadLetter(service));
                String reason = dead.header("dead-letter-reason");
                assertThat(reason).as("dead-letter-reason of '%s'", name).isNotNull();
                for (String part : reasonParts) {
                    assertThat(reason).as("dead-letter-reason of '%s'", name).contains(part);
                }
                assertThat(dead.header("dead-letter-topic")).isEqualTo(topic);
            });
        }
        JsonNode event = Corpus.expand(c.get("event"), vars);
        EventType expected = EventType.ofCeType(event.get("type").asText()).orElseThrow();
        return new Expectation(name + " -> " + expected.name() + " " + event.path("fields") + event.path("fieldsOneOf"),
                pending, () -> {
                    Received r = awaitOne(expected.topic(), rec -> expected.ceType().equals(rec.ceType())
                            && matchesAll(json(rec), event.get("where")), expected.name() + " for '" + name + "'");
                    JsonNode data = json(r);
                    event.path("fields").fields().forEachRemaining(f -> assertThat(data.path(f.getKey()).asText())
                            .as("%s.%s of '%s' (data %s)", expected.name(), f.getKey(), name, data)
                            .isEqualTo(f.getValue().asText()));
                    event.path("fieldsOneOf").fields().forEachRemaining(f -> {
                        List<String> allowed = new ArrayList<>();
                        f.getValue().forEach(v -> allowed.add(v.asText()));
                        assertThat(data.path(f.getKey()).asText()).as("%s.%s of '%s'", expected.name(), f.getKey(), name)
                                .isIn(allowed);
                    });
                    // A failure event is the answer, not a dead letter as well.
                    assertThat(recorder.matching(Topics.deadLetter(service), d -> key.equals(d.key())
                            && Arrays.equals(value, d.record().value()))).as("dead letters of '%s'", name).isEmpty();
                });
    }

    private static Expectation publishValid(E2eStack.Shared shared, JsonNode spec, EventType type, String run, int n,
            String name) {
        ObjectNode data = (ObjectNode) Corpus.expand(spec.get("valid"), Map.of("run", run, "n", String.valueOf(n)));
        long size = 1000;
        if (spec.has("validUpload")) {
            byte[] upload = TestMedia.generate(spec.get("validUpload").asText(), n);
            upload(shared.stack(), data.get("key").asText(), data.path("contentType").asText(), upload);
            size = upload.length;
        }
        Corpus.uploadSize(data, size);
        byte[] value = Corpus.bytes(data);
        String key = CloudEventCodec.decodeData(type, value).key();
        Map<String, String> headers = EventsClient.ceHeaders(type);
        String id = headers.get(CloudEventCodec.CE_ID);
        shared.events().publishRaw(type.topic(), key, headers, value);
        JsonNode outcome = spec.get("validOutcome");
        EventType expected = EventType.ofCeType(outcome.get("type").asText()).orElseThrow();
        String service = spec.get("service").asText();
        return new Expectation(name + " -> " + expected.name(), null, () -> {
            Predicate<JsonNode> match = outcome.path("causedByValid").asBoolean(false)
                    ? d -> contains(d.path("causedBy"), id)
                    : d -> d.path(outcome.get("match").asText()).asText().equals(data.get(outcome.get("match").asText()).asText());
            awaitOne(expected.topic(), r -> expected.ceType().equals(r.ceType()) && match.test(json(r)),
                    expected.name() + " for the valid event " + id + " (" + data + ")");
            assertThat(recorder.matching(Topics.deadLetter(service), d -> Arrays.equals(value, d.record().value())))
                    .as("the valid event must not be dead-lettered").isEmpty();
        });
    }

    private static void upload(EdgeplaneStack stack, String key, String contentType, byte[] bytes) {
        try (S3Client s3 = stack.s3().client()) {
            s3.putObject(b -> b.bucket("edgeplane-uploads").key(key).contentType(contentType), RequestBody.fromBytes(bytes));
        }
    }

    static Received awaitOne(String topic, Predicate<Received> match, String what) {
        List<Received> found = new ArrayList<>();
        await().alias(what).atMost(OUTCOME_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<Received> now = recorder.matching(topic, match);
            if (now.isEmpty()) {
                return false;
            }
            found.add(now.getFirst());
            return true;
        });
        return found.getFirst();
    }

    static JsonNode json(Received r) {
        try {
            return r.value() == null ? Corpus.JSON.nullNode() : Corpus.JSON.readTree(r.value());
        } catch (IOException e) {
            return Corpus.JSON.nullNode();
        }
    }

    private static boolean matchesAll(JsonNode data, JsonNode where) {
        if (where == null) {
            return true;
        }
        boolean[] ok = {true};
        // A list field matches when one of its items equals the value (e.g. one of an InvalidationFailed's paths).
        where.fields().forEachRemaining(f -> ok[0] &= data.path(f.getKey()).isArray()
                ? contains(data.path(f.getKey()), f.getValue().asText())
                : data.path(f.getKey()).asText().equals(f.getValue().asText()));
        return ok[0];
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ REST

    @TestFactory
    Stream<DynamicTest> hostileRestCallsAreRefusedWithProblemJsonNamingTheField() {
        EdgeplaneStack stack = E2eStack.get().stack();
        JsonNode spec = Corpus.load("rest.json");
        List<DynamicTest> tests = new ArrayList<>();
        spec.get("cases").forEach(c -> tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            assumeTrue(!c.hasNonNull("pending"), c.path("pending").asText());
            ServiceProcess service = stack.service(c.get("service").asText());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + c.get("path").asText()))
                    .timeout(Duration.ofSeconds(30));
            switch (c.get("auth").asText()) {
                case "valid" -> request.header("Authorization", EdgeplaneStack.AUTHORIZATION);
                case "wrong" -> request.header("Authorization", "Bearer not-the-token-" + UUID.randomUUID());
                case "empty" -> request.header("Authorization", "Bearer");
                default -> { }
            }
            String body = c.has("json") ? Corpus.JSON.writeValueAsString(c.get("json"))
                    : c.has("body") ? c.get("body").asText() : null;
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(c.get("method").asText(), body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String what = c.get("method").asText() + " " + c.get("path").asText() + " -> " + response.statusCode() + " "
                    + response.body();
            if (c.has("statusIn")) {
                List<Integer> allowed = new ArrayList<>();
                c.get("statusIn").forEach(s -> allowed.add(s.asInt()));
                assertThat(response.statusCode()).as(what).isIn(allowed);
            } else {
                assertThat(response.statusCode()).as(what).isEqualTo(c.get("status").asInt());
            }
            Optional<String> contentType = response.headers().firstValue("Content-Type");
            assertThat(contentType).as(what).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            c.path("problem").forEach(part -> assertThat(response.body()).as(what).contains(part.asText()));
            if (response.statusCode() == 401) {
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).isPresent();
            }
        })));
        tests.add(DynamicTest.dynamicTest("every service still ready after the hostile calls",
                () -> assertThat(stack.allReady()).isTrue()));
        return tests.stream();
    }
}

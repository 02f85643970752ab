package io.edgeplane.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplane.events.Topics;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Strimzi KafkaTopics cover every topic Edgeplane uses, with retention, compaction and dead letters right. */
class KafkaTopicsTest {
    static final long DAY_MS = 86_400_000L;

    record Declared(String name, int partitions, boolean compact, String source) {
    }

    static Map<String, JsonNode> topics() {
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode doc : Repo.yamlDocuments(Repo.path("deploy/k8s/base/kafka/topics.yaml"))) {
            if ("KafkaTopic".equals(doc.path("kind").asText())) {
                String name = doc.at("/spec/topicName").asText(doc.at("/metadata/name").asText());
                if (topics.put(name, doc) != null) {
                    throw new AssertionError("topic " + name + " declared twice");
                }
            }
        }
        return topics;
    }

    static Map<String, Integer> partitionsByTopic() {
        Map<String, Integer> partitions = new TreeMap<>();
        topics().forEach((name, doc) -> partitions.put(name, doc.at("/spec/partitions").asInt()));
        return partitions;
    }

    /** Internal topics services declare for the local stack: {@code name [partitions] [compact]} per line. */
    static List<Declared> internalTopics() {
        List<Declared> declared = new ArrayList<>();
        for (Path file : Repo.files("local/topics.d", ".txt")) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String t = line.strip();
                    if (t.isEmpty() || t.startsWith("#")) {
                        continue;
                    }
                    String[] parts = t.split("\\s+");
                    declared.add(new Declared(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 3,
                            parts.length > 2 && parts[2].equals("compact"), file.getFileName().toString()));
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return declared;
    }

    static List<String> publicTopics() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }

    @Test
    void everyEventTopicDeadLetterTopicAndInternalTopicHasAKafkaTopic() throws Exception {
        Map<String, JsonNode> topics = topics();
        SoftAssertions soft = new SoftAssertions();
        for (String topic : publicTopics()) {
            soft.assertThat(topics).as("KafkaTopic for the event topic %s", topic).containsKey(topic);
        }
        for (String service : Repo.SERVICES) {
            soft.assertThat(topics).as("dead-letter topic of %s", service).containsKey(Topics.deadLetter(service));
            ServiceFacts.of(service).incoming().values().forEach(c -> soft.assertThat(topics)
                    .as("topic %s consumed by %s", c.topic(), service).containsKey(c.topic()));
        }
        for (Declared internal : internalTopics()) {
            soft.assertThat(topics).as("internal topic %s of local/topics.d/%s", internal.name(), internal.source())
                    .containsKey(internal.name());
            JsonNode topic = topics.get(internal.name());
            if (topic != null) {
                soft.assertThat(topic.at("/spec/partitions").asInt()).as("partitions of %s", internal.name())
                        .isGreaterThanOrEqualTo(internal.partitions());
                soft.assertThat(topic.at("/spec/config/cleanup.policy").asText()).as("cleanup.policy of %s",
                        internal.name()).isEqualTo(internal.compact() ? "compact" : "delete");
            }
        }
        soft.assertAll();
    }

    @Test
    void topicsAreReplicatedAndDeadLettersOutliveTheEventsTheyCameFrom() {
        Map<String, JsonNode> topics = topics();
        long longestEventRetention = 0;
        SoftAssertions soft = new SoftAssertions();
        for (var entry : topics.entrySet()) {
            JsonNode spec = entry.getValue().path("spec");
            soft.assertThat(entry.getValue().at("/metadata/labels/strimzi.io~1cluster").asText()).as(entry.getKey())
                    .isNotBlank();
            soft.assertThat(spec.path("replicas").asInt()).as("replicas of %s", entry.getKey()).isGreaterThanOrEqualTo(3);
            soft.assertThat(spec.at("/config/min.insync.replicas").asInt()).as("min.insync.replicas of %s",
                    entry.getKey()).isEqualTo(2);
            soft.assertThat(spec.path("partitions").asInt()).as("partitions of %s", entry.getKey()).isPositive();
            boolean compact = spec.at("/config/cleanup.policy").asText().contains("compact");
            if (!compact) {
                soft.assertThat(spec.at("/config/retention.ms").asLong()).as("retention.ms of %s", entry.getKey())
                        .isPositive();
            }
            if (!entry.getKey().startsWith("edgeplane.dlq.") && !compact) {
                longestEventRetention = Math.max(longestEventRetention, spec.at("/config/retention.ms").asLong());
            }
        }
        for (String service : Repo.SERVICES) {
            JsonNode dlq = topics.get(Topics.deadLetter(service));
            if (dlq != null) {
                soft.assertThat(dlq.at("/spec/config/retention.ms").asLong())
                        .as("dead letters of %s are kept at least as long as any event", service)
                        .isGreaterThanOrEqualTo(Math.max(longestEventRetention, 14 * DAY_MS));
            }
        }
        soft.assertAll();
    }

    @Test
    void stateTopicsAreCompactedSoTheLatestValuePerKeyIsNeverLost() {
        Map<String, JsonNode> topics = topics();
        List<String> stateTopics = topics.keySet().stream().filter(t -> t.endsWith("-state") || t.endsWith(".state"))
                .toList();
        org.assertj.core.api.Assertions.assertThat(stateTopics).as("topics holding state").isNotEmpty();
        for (String t : stateTopics) {
            org.assertj.core.api.Assertions.assertThat(topics.get(t).at("/spec/config/cleanup.policy").asText())
                    .as("cleanup.policy of %s", t).isEqualTo("compact");
            org.assertj.core.api.Assertions.assertThat(topics.get(t).at("/spec/config/retention.ms").isMissingNode())
                    .as("no time-based deletion of %s", t).isTrue();
        }
    }
}

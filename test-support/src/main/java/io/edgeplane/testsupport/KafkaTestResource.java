package io.edgeplane.testsupport;

import io.edgeplane.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Points a {@code @QuarkusTest} at the real test broker and creates every Edgeplane topic, the
 * dead-letter topics of all services, and any topics named in the {@code topics} init argument
 * (comma-separated).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    public static final Set<String> SERVICES = Set.of("fetcher-service", "distributor-service",
            "invalidation-service", "dns-service", "media-service");
    private Set<String> extraTopics = Set.of();

    @Override
    public void init(Map<String, String> initArgs) {
        String topics = initArgs.get("topics");
        if (topics != null && !topics.isBlank()) {
            extraTopics = Set.of(topics.split("\\s*,\\s*"));
        }
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = TestEnvironment.kafkaBootstrapServers();
        TestEnvironment.createTopics(allTopics(extraTopics), 2);
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // The broker lives for the whole JVM; other test classes reuse it.
    }

    public static Set<String> allTopics(Set<String> extra) {
        Set<String> topics = new HashSet<>(extra);
        Arrays.stream(Topics.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(KafkaTestResource::value)
                .forEach(topics::add);
        SERVICES.forEach(service -> topics.add(Topics.deadLetter(service)));
        return topics;
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}

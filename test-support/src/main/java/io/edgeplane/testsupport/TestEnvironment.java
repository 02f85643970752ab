package io.edgeplane.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real parts tests run against, started once per JVM and stopped at its exit. The broker is
 * in-JVM KRaft unless {@code -Dedgeplane.kafka=testcontainers} selects a container (where a Docker
 * engine exists), so CI and laptops behave the same by default.
 */
public final class TestEnvironment {
    public static final String KAFKA_MODE_PROPERTY = "edgeplane.kafka";
    private static String bootstrapServers;
    private static S3Endpoint s3;

    private TestEnvironment() {
    }

    public static synchronized String kafkaBootstrapServers() {
        if (bootstrapServers == null) {
            if ("testcontainers".equals(System.getProperty(KAFKA_MODE_PROPERTY))) {
                if (!DockerClientFactory.instance().isDockerAvailable()) {
                    throw new IllegalStateException("-D" + KAFKA_MODE_PROPERTY + "=testcontainers needs a Docker engine");
                }
                KafkaContainer container = new KafkaContainer("apache/kafka-native:4.2.1");
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                bootstrapServers = container.getBootstrapServers();
            } else {
                KafkaBroker broker = KafkaBroker.start();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
                bootstrapServers = broker.bootstrapServers();
            }
        }
        return bootstrapServers;
    }

    public static synchronized S3Endpoint s3() {
        if (s3 == null) {
            s3 = S3Endpoint.start();
            Runtime.getRuntime().addShutdownHook(new Thread(s3::close));
        }
        return s3;
    }

    /** Creates the topics that do not exist yet (idempotent), with the given partition count. */
    public static void createTopics(Set<String> topics, int partitions) {
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics.stream().filter(t -> !existing.contains(t)).collect(Collectors.toSet())) {
                missing.add(new NewTopic(topic, partitions, (short) 1));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + topics, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

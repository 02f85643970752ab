package io.edgeplane.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka (broker and controller in one) running inside the test JVM.
 * The only class that touches Kafka's internal server classes.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path logDir;
    private final int port;
    private final KafkaRaftServer server;

    private KafkaBroker(Path logDir, int port, KafkaRaftServer server) {
        this.logDir = logDir;
        this.port = port;
        this.server = server;
    }

    public static KafkaBroker start() {
        try {
            Path logDir = Files.createTempDirectory("edgeplane-kafka-");
            int port = freePort();
            int controllerPort = freePort();
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            // Single node: every replication factor and min ISR must be 1 or consumer groups hang.
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "3");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("min.insync.replicas", "1");
            props.put("default.replication.factor", "1");
            // Tests create their topics up front; a typo must fail rather than silently auto-create.
            props.put("auto.create.topics.enable", "false");
            props.put("num.partitions", "2");
            // A test group starts consuming at once instead of waiting for more members.
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("log.flush.interval.messages", "1");

            Path config = logDir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "edgeplane test broker");
            }
            ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
            int code = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--ignore-formatted"}, new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
            if (code != 0) {
                throw new IllegalStateException("kafka storage format failed (" + code + "): " + formatOutput);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new KafkaBroker(logDir, port, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        deleteRecursively(logDir);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir clean-up is best effort
        }
    }
}

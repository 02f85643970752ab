package io.edgeplane.testsupport.metrics;

import io.quarkus.test.junit.callback.QuarkusTestAfterAllCallback;
import io.quarkus.test.junit.callback.QuarkusTestContext;

/**
 * The same snapshot as {@link MetricsSnapshot#write()}, taken after every {@code @QuarkusTest} class
 * without touching test code: a module enables it with one file,
 * {@code src/test/resources/META-INF/services/io.quarkus.test.junit.callback.QuarkusTestAfterAllCallback}
 * containing {@code io.edgeplane.testsupport.metrics.MetricsSnapshotCallback}.
 */
public class MetricsSnapshotCallback implements QuarkusTestAfterAllCallback {
    @Override
    public void afterAll(QuarkusTestContext context) {
        MetricsSnapshot.write();
    }
}

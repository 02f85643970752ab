package io.edgeplane.fetcher;

import io.edgeplane.fetcher.domain.InfrastructureSnapshot;
import io.edgeplane.fetcher.domain.InfrastructureSource;
import io.edgeplane.fetcher.offline.OfflineInfrastructureSource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The bundled offline source (what {@code %test} selects) behind a gate that a test can close to hold
 * a fetch "running" for as long as it needs; open by default, so other tests see the plain source.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class GatedInfrastructureSource implements InfrastructureSource {
    private static volatile CountDownLatch gate = new CountDownLatch(0);
    private final InfrastructureSource offline = OfflineInfrastructureSource.bundled();

    public static void close() {
        gate = new CountDownLatch(1);
    }

    public static void open() {
        gate.countDown();
    }

    @Override
    public String name() {
        return offline.name();
    }

    @Override
    public InfrastructureSnapshot fetch() {
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new SourceException("test gate stayed closed", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted at the test gate", e);
        }
        return offline.fetch();
    }
}

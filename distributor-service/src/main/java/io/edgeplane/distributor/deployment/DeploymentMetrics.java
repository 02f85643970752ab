package io.edgeplane.distributor.deployment;

import io.edgeplane.distributor.deployment.domain.DeploymentRecord;
import io.edgeplane.distributor.deployment.domain.PromotionRejected;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.platform.messaging.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Promotion metrics (tags stay low-cardinality: mode, action, reason; never a tenant or a path):
 * {@code edgeplane_distributor_deployments_promoted_total{mode,action}},
 * {@code edgeplane_distributor_deployments_rejected_total{mode,reason}},
 * {@code edgeplane_distributor_deployments_retried_total},
 * {@code edgeplane_distributor_deployment_files_total{action=copied|deleted|unchanged}},
 * {@code edgeplane_distributor_deployment_promotion_seconds{mode}},
 * {@code edgeplane_distributor_deployment_pointer_switch_seconds},
 * {@code edgeplane_distributor_deployment_pointer_conflicts_total}.
 */
public final class DeploymentMetrics implements DeploymentObserver {
    private final MeterRegistry registry;
    private final String app;

    public DeploymentMetrics(MeterRegistry registry, String applicationName) {
        this.registry = registry;
        this.app = applicationName;
        // Every series exists from start-up at zero (issue 14): all tag values are known here.
        for (DeploymentMode mode : DeploymentMode.values()) {
            for (DeploymentRecord.Action action : DeploymentRecord.Action.values()) {
                registry.counter(name("deployments.promoted"), "mode", mode.json(), "action",
                        action.name().toLowerCase());
            }
            for (PromotionRejected.Reason reason : PromotionRejected.Reason.values()) {
                registry.counter(name("deployments.rejected"), "mode", mode.json(), "reason", reason.code());
            }
            promotionTimer(mode.json());
        }
        for (String action : java.util.List.of("copied", "deleted", "unchanged")) {
            registry.counter(name("deployment.files"), "action", action);
        }
        registry.counter(name("deployments.retried"));
        Timer.builder(name("deployment.pointer.switch")).register(registry);
        Counter.builder(name("deployment.pointer.conflicts")).register(registry);
    }

    private Timer promotionTimer(String mode) {
        return Timer.builder(name("deployment.promotion")).tag("mode", mode).publishPercentileHistogram()
                .register(registry);
    }

    private String name(String noun) {
        return MetricNames.of(app, noun);
    }

    @Override
    public void promoted(DeploymentRecord record) {
        String mode = record.mode().json();
        registry.counter(name("deployments.promoted"), "mode", mode, "action", record.action().name().toLowerCase()).increment();
        registry.counter(name("deployment.files"), "action", "copied").increment(record.filesCopied());
        registry.counter(name("deployment.files"), "action", "deleted").increment(record.filesDeleted());
        registry.counter(name("deployment.files"), "action", "unchanged").increment(record.filesUnchanged());
        promotionTimer(mode).record(Duration.ofMillis(record.durationMillis()));
    }

    @Override
    public void rejected(DeploymentMode mode, PromotionRejected.Reason reason) {
        registry.counter(name("deployments.rejected"), "mode", mode.json(), "reason", reason.code()).increment();
    }

    @Override
    public void pointerSwitched(Duration took, int conflicts) {
        Timer.builder(name("deployment.pointer.switch")).register(registry).record(took);
        Counter.builder(name("deployment.pointer.conflicts")).register(registry).increment(conflicts);
    }

    @Override
    public void retrying(String cause) {
        registry.counter(name("deployments.retried")).increment();
    }
}

package io.edgeplane.invalidation.domain;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Tests of several replicas: one replica's scheduler, recording what it submitted, rate not limiting. */
public final class ReplicaScheduler {
    private ReplicaScheduler() {
    }

    public static InvalidationScheduler of(CloudFrontInvalidations cloudFront, InstantSource clock, QuotaShares shares,
            List<InvalidationListener.Submitted> submitted) {
        return new InvalidationScheduler(cloudFront, new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT),
                InvalidationScheduler.Settings.defaults().withRate(1_000, 1).withPollInterval(Duration.ofSeconds(1))
                        .withExpectedCompletion(Duration.ofSeconds(10)), clock, new InvalidationListener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> submitted(Submitted s) {
                                submitted.add(s);
                                return CompletableFuture.completedFuture(null);
                            }

                            @Override
                            public void completed(Completed c) {
                            }

                            @Override
                            public void failed(Failed f) {
                            }
                        }, d -> ObjectPopulation.constant(1_000_000), d -> false, shares);
    }
}

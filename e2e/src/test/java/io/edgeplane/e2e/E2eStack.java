package io.edgeplane.e2e;

import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The stack every end-to-end test class shares (started once per test JVM, stopped after the last
 * class by JUnit's root store and, whatever happens, by the harness's shutdown hook): one broker, one
 * S3 endpoint, the five packaged services, and CloudFront's invalidation API served from this JVM so
 * that its billing outlives a killed invalidation-service. Timings are the local profile's, shortened
 * so the CI size finishes in minutes; quotas and the rate limit stay enforced.
 */
public final class E2eStack implements BeforeAllCallback {
    /** {@code -De2e.full=true}: the full size. */
    public static final boolean FULL = Boolean.getBoolean("e2e.full");
    public static final String DISTRIBUTION_ID = "E1EDGEPLANE0001";
    public static final String BASE_DOMAIN = "edgeplane.test";

    private static Shared shared;

    /** What the tests hold on to. */
    public record Shared(EdgeplaneStack stack, CloudFrontEndpoint cloudFront, EventsClient events)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            events.close();
            stack.close();
            cloudFront.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        get();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(E2eStack.class.getName(), k -> shared, Shared.class);
    }

    /** CreateInvalidation per distribution in the e2e stack (above CloudFront's real one to keep runs short). */
    static final int CLOUDFRONT_RATE = 4;
    static final int CLOUDFRONT_BURST = 2;
    /** Every CloudFront call of every invalidation replica together, creates, polls and listings. */
    static final int CLOUDFRONT_ACCOUNT_RATE = 8;

    public static synchronized Shared get() {
        if (shared == null) {
            // A rate above CloudFront's 0.5/s keeps the CI size short; the quota checks stay on.
            CloudFrontEndpoint cloudFront = new CloudFrontEndpoint(Duration.ofSeconds(2), CLOUDFRONT_RATE,
                    CLOUDFRONT_BURST);
            EdgeplaneStack stack = EdgeplaneStack.builder()
                    // The dns-service's internal topics exist before it starts, as in production (deploy/ creates
                    // them); left to its own start-up they race its desired-state reader (see e2e/README.md).
                    .internalTopic("edgeplane.dns.desired-state", 2, true)
                    .internalTopic("edgeplane.dns.zone-changes", 2, false)
                    .property("edgeplane.fetcher.schedule.cron", "off")
                    // invalidation-service: its production SDK adapter against CloudFrontEndpoint.
                    .property("invalidation-service", "edgeplane.invalidation.adapter", "aws")
                    .property("invalidation-service", "edgeplane.aws.endpoint-override.cloudfront",
                            cloudFront.endpoint().toString())
                    .property("invalidation-service", "edgeplane.invalidation.window", "300ms")
                    .property("invalidation-service", "edgeplane.invalidation.max-wait", "2s")
                    .property("invalidation-service", "edgeplane.invalidation.poll-interval", "500ms")
                    .property("invalidation-service", "edgeplane.invalidation.requests-per-second",
                            String.valueOf(CLOUDFRONT_RATE))
                    .property("invalidation-service", "edgeplane.invalidation.request-burst",
                            String.valueOf(CLOUDFRONT_BURST))
                    .property("invalidation-service", "edgeplane.invalidation.account.requests-per-second",
                            String.valueOf(CLOUDFRONT_ACCOUNT_RATE))
                    // A replica that gains a distribution's partition waits this long, then reads what is in progress.
                    .property("invalidation-service", "edgeplane.invalidation.handover-grace", "1s")
                    .property("invalidation-service", "edgeplane.invalidation.backoff-base", "100ms")
                    .property("invalidation-service", "edgeplane.invalidation.backoff-cap", "2s")
                    // dns-service: simulated Route 53 with short (enforced) delays. Per-tenant records, not the shipped
                    // wildcard default: the pipeline, crash and fault tests are about Route 53 change batches, GetChange
                    // and recovery mid-batch, which a wildcard record (one write for every shared tenant) never reaches.
                    // ProductionConfigTest boots the shipped default.
                    .property("dns-service", "edgeplane.dns.records.wildcard", "false")
                    .property("dns-service", "edgeplane.dns.simulated.insync-delay", "500ms")
                    .property("dns-service", "edgeplane.dns.route53.insync-poll-initial", "300ms")
                    .property("dns-service", "edgeplane.dns.route53.insync-poll-max", "1s")
                    .property("dns-service", "edgeplane.dns.route53.batch-quiet", "300ms")
                    .property("dns-service", "edgeplane.dns.route53.batch-max-linger", "2s")
                    .property("dns-service", "edgeplane.dns.route53.backoff-base", "100ms")
                    .property("dns-service", "edgeplane.dns.route53.backoff-cap", "2s")
                    .property("dns-service", "edgeplane.dns.simulated.deploy-delay", "500ms")
                    .property("dns-service", "edgeplane.dns.individual.deploy-poll", "200ms")
                    .start();
            EventsClient events = new EventsClient(stack.bootstrapServers());
            shared = new Shared(stack, cloudFront, events);
        }
        return shared;
    }
}

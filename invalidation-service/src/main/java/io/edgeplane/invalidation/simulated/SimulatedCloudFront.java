package io.edgeplane.invalidation.simulated;

import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations;
import io.edgeplane.invalidation.domain.DistributionTenantInvalidations;
import io.edgeplane.invalidation.domain.ItemKind;
import io.edgeplane.invalidation.domain.InvalidationItem;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An in-process CloudFront that behaves like the real one where the scheduler can tell:
 * <ul>
 * <li>at most 3,000 file paths and 15 wildcard (and tag) items in progress per distribution,
 * otherwise {@code TooManyInvalidationsInProgress}; more than 3,000 items in one batch:
 * {@code BatchTooLarge};</li>
 * <li>CreateInvalidation rate per distribution (default 0.5/s, burst 1), otherwise
 * {@code Throttling};</li>
 * <li>CallerReference: the same reference with the same items returns the existing invalidation
 * (not billed again); with other items, {@code InvalidationBatchAlreadyExists};</li>
 * <li>paths are checked as CloudFront does ({@code /} first, {@code *} only last, at most 4,000
 * characters, no unencoded space/control/non-ASCII): {@code InvalidArgument};</li>
 * <li>{@code InProgress} until a completion delay has passed, then {@code Completed};</li>
 * <li>faults on demand: throttling and 5xx at a rate, lost responses (created, but the caller sees
 * a timeout), and paths that are rejected.</li>
 * </ul>
 * It records every created invalidation and the peak quota use, so tests and benchmarks can prove
 * the quotas were never exceeded. Distribution tenants (SaaS Manager) have invalidations of their own, with their
 * own in-progress quotas ({@link #distributionTenantQuotas}, by default the distributions' 3,000/15: CloudFront
 * documents no separate figure) and their own create rate; an unknown one is {@code EntityNotFound} once
 * {@link #distributionTenants} lists the existing ones. Thread-safe.
 */
public class SimulatedCloudFront implements CloudFrontInvalidations, DistributionTenantInvalidations {

    /**
     * @param completionDelay how long an invalidation stays InProgress (CloudFront: typically well under a minute)
     * @param requestsPerSecond CreateInvalidation rate per distribution before Throttling
     * @param throttleRate     share of calls answered with Throttling regardless of rate
     * @param serverErrorRate  share of calls answered with a 5xx (nothing created)
     * @param lostResponseRate share of successful creates whose response is lost (caller sees a timeout)
     */
    public record Settings(Duration completionDelay, int maxPaths, int maxWildcards, int maxBatchItems,
            double requestsPerSecond, int requestBurst, double throttleRate, double serverErrorRate,
            double lostResponseRate, long seed) {

        public static Settings realistic() {
            return new Settings(Duration.ofSeconds(30), 3_000, 15, 3_000, 0.5, 1, 0, 0, 0, 42);
        }

        public Settings withCompletionDelay(Duration delay) {
            return new Settings(delay, maxPaths, maxWildcards, maxBatchItems, requestsPerSecond, requestBurst,
                    throttleRate, serverErrorRate, lostResponseRate, seed);
        }

        public Settings withRate(double perSecond, int burst) {
            return new Settings(completionDelay, maxPaths, maxWildcards, maxBatchItems, perSecond, burst,
                    throttleRate, serverErrorRate, lostResponseRate, seed);
        }

        public Settings withFaults(double throttle, double serverError, double lostResponse) {
            return new Settings(completionDelay, maxPaths, maxWildcards, maxBatchItems, requestsPerSecond,
                    requestBurst, throttle, serverError, lostResponse, seed);
        }
    }

    /** One invalidation as the simulator holds it. */
    public record Created(String distributionId, String id, String callerReference, List<String> items,
            Instant createTime, Instant completeTime) {
    }

    /** Peak and totals per distribution. */
    public record Usage(int peakPaths, int peakWildcards, long invalidations, long billedItems) {
    }

    private final Settings settings;
    private final InstantSource clock;
    private final Random random;
    private final Map<String, Distribution> distributions = new TreeMap<>();
    private final Map<String, Distribution> distributionTenants = new TreeMap<>();
    private volatile Set<String> existingTenants = null;
    private int tenantMaxPaths;
    private int tenantMaxWildcards;
    private final Map<String, Long> errors = new TreeMap<>();
    private final Map<ItemKind, Long> billed = new EnumMap<>(ItemKind.class);
    private final java.util.ArrayDeque<CloudFrontFailure> scripted = new java.util.ArrayDeque<>();
    private int responsesToLose;
    private Instant refuseUntil = Instant.MIN;
    private volatile Predicate<String> rejectedPath = p -> false;
    private volatile Set<String> tagDistributions = null;
    private long requests;
    private long getRequests;
    private long sequence;

    public SimulatedCloudFront(Settings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
        this.random = new Random(settings.seed());
        this.tenantMaxPaths = settings.maxPaths();
        this.tenantMaxWildcards = settings.maxWildcards();
    }

    /** The in-progress quotas of each distribution tenant (before its first invalidation). */
    public synchronized void distributionTenantQuotas(int maxPaths, int maxWildcards) {
        this.tenantMaxPaths = maxPaths;
        this.tenantMaxWildcards = maxWildcards;
    }

    /** Only these distribution tenants exist (null: any id does); others answer EntityNotFound. */
    public void distributionTenants(Set<String> ids) {
        this.existingTenants = ids == null ? null : Set.copyOf(ids);
    }

    /** The next {@code count} CreateInvalidation calls fail with this error, before anything is created. */
    public synchronized void failNext(String code, int status, boolean transientFailure, int count) {
        for (int i = 0; i < count; i++) {
            scripted.add(new CloudFrontFailure(code, status, transientFailure, "injected"));
        }
    }

    /** Until then every CreateInvalidation gets TooManyInvalidationsInProgress, as if others held the quota. */
    public synchronized void refuseUntil(Instant until) {
        this.refuseUntil = until;
    }

    /** The next {@code count} successful creates lose their response: created, but the caller sees a timeout. */
    public synchronized void loseNextResponses(int count) {
        responsesToLose += count;
    }

    /** Items matching this are answered with InvalidArgument (fault injection). */
    public void rejectPaths(Predicate<String> rejected) {
        this.rejectedPath = rejected;
    }

    /** Only these distributions accept {@code #tag} items (null: all do). */
    public void tagDistributions(Set<String> distributionIds) {
        this.tagDistributions = distributionIds == null ? null : Set.copyOf(distributionIds);
    }

    @Override
    public synchronized InvalidationRecord create(String distributionId, String callerReference, List<String> items) {
        return create(distribution(distributionId), distributionId, callerReference, items);
    }

    @Override
    public synchronized InvalidationRecord createForTenant(String distributionTenantId, String callerReference,
            List<String> items) {
        return create(distributionTenant(distributionTenantId), distributionTenantId, callerReference, items);
    }

    private InvalidationRecord create(Distribution d, String distributionId, String callerReference,
            List<String> items) {
        requests++;
        Instant now = clock.instant();
        CloudFrontFailure next = scripted.poll();
        if (next != null) {
            throw error(next.code(), next.status(), next.isTransient(), "injected");
        }
        if (now.isBefore(refuseUntil)) {
            throw error(CloudFrontFailure.TOO_MANY_IN_PROGRESS, 400, false, "quota held by other invalidations");
        }
        if (settings.throttleRate() > 0 && random.nextDouble() < settings.throttleRate()) {
            throw error(CloudFrontFailure.THROTTLING, 400, true, "Rate exceeded");
        }
        if (settings.serverErrorRate() > 0 && random.nextDouble() < settings.serverErrorRate()) {
            throw error("ServiceUnavailable", 503, true, "Service unavailable, retry later");
        }
        if (!d.takeToken(now)) {
            throw error(CloudFrontFailure.THROTTLING, 400, true, "Rate exceeded");
        }
        Created existing = d.byReference.get(callerReference);
        if (existing != null) {
            if (existing.items().equals(items)) {
                return record(existing, now);
            }
            throw error(CloudFrontFailure.ALREADY_EXISTS, 409, false,
                    "CallerReference " + callerReference + " was used with other paths");
        }
        if (items.isEmpty()) {
            throw error("MissingBody", 400, false, "at least one path is required");
        }
        if (items.size() > settings.maxBatchItems()) {
            throw error(CloudFrontFailure.BATCH_TOO_LARGE, 413, false,
                    items.size() + " paths in one batch; at most " + settings.maxBatchItems());
        }
        int paths = 0;
        int wildcards = 0;
        for (String item : items) {
            String problem = problem(distributionId, item);
            if (problem != null) {
                throw error(CloudFrontFailure.INVALID_ARGUMENT, 400, false,
                        "Your request contains one or more invalid invalidation paths: " + problem);
            }
            if (InvalidationItem.of(item).kind() == ItemKind.PATH) {
                paths++;
            } else {
                wildcards++;
            }
        }
        d.expire(now);
        if (d.paths + paths > d.maxPaths || d.wildcards + wildcards > d.maxWildcards) {
            throw error(CloudFrontFailure.TOO_MANY_IN_PROGRESS, 400, false, "in progress: " + d.paths + " paths, "
                    + d.wildcards + " wildcards; this batch adds " + paths + " and " + wildcards);
        }
        String id = "I" + String.format("%013d", ++sequence);
        Created created = new Created(distributionId, id, callerReference, List.copyOf(items), now,
                now.plus(settings.completionDelay()));
        d.add(created, paths, wildcards);
        for (String item : items) {
            billed.merge(InvalidationItem.of(item).kind(), 1L, Long::sum);
        }
        if (responsesToLose > 0 || settings.lostResponseRate() > 0 && random.nextDouble() < settings.lostResponseRate()) {
            responsesToLose = Math.max(0, responsesToLose - 1);
            throw error("RequestTimeout", 0, true, "response lost after the invalidation was created");
        }
        return record(created, now);
    }

    @Override
    public synchronized InvalidationRecord get(String distributionId, String invalidationId) {
        return get(distribution(distributionId), invalidationId);
    }

    @Override
    public synchronized InvalidationRecord getForTenant(String distributionTenantId, String invalidationId) {
        return get(distributionTenant(distributionTenantId), invalidationId);
    }

    @Override
    public synchronized List<InvalidationSummary> listForTenantSince(String distributionTenantId, Instant since) {
        return list(distributionTenant(distributionTenantId), since);
    }

    private InvalidationRecord get(Distribution d, String invalidationId) {
        getRequests++;
        Created created = d.byId.get(invalidationId);
        if (created == null) {
            throw error(CloudFrontFailure.NO_SUCH_INVALIDATION, 404, false, "no invalidation " + invalidationId);
        }
        return record(created, clock.instant());
    }

    @Override
    public synchronized List<InvalidationSummary> listSince(String distributionId, Instant since) {
        return list(distribution(distributionId), since);
    }

    private List<InvalidationSummary> list(Distribution d, Instant since) {
        Instant now = clock.instant();
        List<InvalidationSummary> out = new ArrayList<>();
        List<Created> all = new ArrayList<>(d.byId.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            Created c = all.get(i);
            if (c.createTime().isBefore(since)) {
                break;
            }
            out.add(new InvalidationSummary(c.id(), status(c, now), c.createTime()));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // What tests and benchmarks inspect.

    public synchronized List<Created> created(String distributionId) {
        Distribution d = distributions.get(distributionId);
        return d == null ? List.of() : List.copyOf(d.byId.values());
    }

    public synchronized List<Created> created() {
        List<Created> all = new ArrayList<>();
        distributions.values().forEach(d -> all.addAll(d.byId.values()));
        return all;
    }

    /** What was created on one distribution tenant, items as CloudFront received them (its viewer paths). */
    public synchronized List<Created> createdOnDistributionTenant(String distributionTenantId) {
        Distribution d = distributionTenants.get(distributionTenantId);
        return d == null ? List.of() : List.copyOf(d.byId.values());
    }

    /** Every distribution tenant's invalidations, by distribution tenant id. */
    public synchronized Map<String, List<Created>> createdOnDistributionTenants() {
        Map<String, List<Created>> all = new TreeMap<>();
        distributionTenants.forEach((id, d) -> all.put(id, List.copyOf(d.byId.values())));
        return all;
    }

    public synchronized Usage usageOfDistributionTenant(String distributionTenantId) {
        return usage(distributionTenant(distributionTenantId));
    }

    public synchronized Usage usage(String distributionId) {
        return usage(distribution(distributionId));
    }

    private Usage usage(Distribution d) {
        long items = d.byId.values().stream().mapToLong(c -> c.items().size()).sum();
        return new Usage(d.peakPaths, d.peakWildcards, d.byId.size(), items);
    }

    public synchronized int peakPaths() {
        return distributions.values().stream().mapToInt(d -> d.peakPaths).max().orElse(0);
    }

    public synchronized int peakWildcards() {
        return distributions.values().stream().mapToInt(d -> d.peakWildcards).max().orElse(0);
    }

    public synchronized Map<String, Long> errors() {
        return Map.copyOf(errors);
    }

    public synchronized long requests() {
        return requests;
    }

    /** GetInvalidation calls (polls). */
    public synchronized long getRequests() {
        return getRequests;
    }

    public synchronized long billed(ItemKind kind) {
        return billed.getOrDefault(kind, 0L);
    }

    public synchronized Set<String> distributionIds() {
        return Set.copyOf(distributions.keySet());
    }

    public Settings settings() {
        return settings;
    }

    // ------------------------------------------------------------------------------------------

    private String problem(String distributionId, String item) {
        if (item.startsWith("#")) {
            if (tagDistributions != null && !tagDistributions.contains(distributionId)) {
                return "'" + item + "': distribution has no cache tag configuration";
            }
            String tag = item.substring(1);
            if (tag.isEmpty() || tag.length() > 256 || tag.chars().anyMatch(c -> c < 33 || c > 126 || c == ',')) {
                return "'" + item + "' is not a valid tag";
            }
            return rejectedPath.test(item) ? "'" + item + "' rejected" : null;
        }
        if (!item.startsWith("/")) {
            return "'" + item + "' does not start with '/'";
        }
        int star = item.indexOf('*');
        if (star >= 0 && star != item.length() - 1) {
            return "'" + item + "' has '*' before the end";
        }
        if (item.length() > 4_000) {
            return "path longer than 4000 characters";
        }
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "'" + item + "' has an unencoded character at " + i;
            }
        }
        return rejectedPath.test(item) ? "'" + item + "' rejected" : null;
    }

    private InvalidationRecord record(Created c, Instant now) {
        return new InvalidationRecord(c.id(), status(c, now), c.createTime(), c.callerReference(), c.items());
    }

    private static String status(Created c, Instant now) {
        return now.isBefore(c.completeTime()) ? "InProgress" : "Completed";
    }

    private CloudFrontFailure error(String code, int status, boolean transientFailure, String message) {
        errors.merge(code, 1L, Long::sum);
        return new CloudFrontFailure(code, status, transientFailure, message);
    }

    private Distribution distribution(String id) {
        return distributions.computeIfAbsent(id, k -> new Distribution(settings.maxPaths(), settings.maxWildcards()));
    }

    private Distribution distributionTenant(String id) {
        Set<String> existing = existingTenants;
        if (existing != null && !existing.contains(id)) {
            throw error(CloudFrontFailure.ENTITY_NOT_FOUND, 404, false, "no distribution tenant " + id);
        }
        return distributionTenants.computeIfAbsent(id, k -> new Distribution(tenantMaxPaths, tenantMaxWildcards));
    }

    private final class Distribution {
        final int maxPaths;
        final int maxWildcards;
        final Map<String, Created> byId = new LinkedHashMap<>();
        final Map<String, Created> byReference = new HashMap<>();
        final List<Created> inProgress = new ArrayList<>();
        final Map<String, int[]> counts = new HashMap<>();
        int paths;
        int wildcards;
        int peakPaths;
        int peakWildcards;
        double tokens = settings.requestBurst();
        Instant refilled;

        Distribution(int maxPaths, int maxWildcards) {
            this.maxPaths = maxPaths;
            this.maxWildcards = maxWildcards;
        }

        boolean takeToken(Instant now) {
            if (refilled != null) {
                double elapsed = Duration.between(refilled, now).toNanos() / 1e9;
                tokens = Math.min(settings.requestBurst(), tokens + Math.max(0, elapsed) * settings.requestsPerSecond());
            }
            refilled = now;
            if (tokens >= 1 - 1e-9) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        void add(Created c, int p, int w) {
            byId.put(c.id(), c);
            byReference.put(c.callerReference(), c);
            inProgress.add(c);
            counts.put(c.id(), new int[] {p, w});
            paths += p;
            wildcards += w;
            peakPaths = Math.max(peakPaths, paths);
            peakWildcards = Math.max(peakWildcards, wildcards);
        }

        void expire(Instant now) {
            for (var it = inProgress.iterator(); it.hasNext();) {
                Created c = it.next();
                if (!now.isBefore(c.completeTime())) {
                    int[] n = counts.remove(c.id());
                    paths -= n[0];
                    wildcards -= n[1];
                    it.remove();
                }
            }
        }
    }
}

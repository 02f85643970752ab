package io.edgeplane.dns.simulated;

import io.edgeplane.dns.domain.DistributionRef;
import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.Distributions;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.service.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process CloudFront for individual distributions: CreateDistributionWithTags with caller-reference
 * idempotency (same reference and configuration returns the existing one, DistributionAlreadyExists otherwise),
 * CNAMEAlreadyExists for an alias in use, TooManyDistributions at the account quota, InProgress until
 * {@code deployDelay} after every change, and deletion only of a disabled, deployed distribution
 * (DistributionNotDisabled otherwise).
 */
public final class SimulatedCloudFront implements Distributions {

    public record Settings(Duration deployDelay, int maxDistributions) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), 500);
    }

    private static final class Dist {
        final String id;
        final String domainName;
        final DistributionSpec spec;
        final Map<String, String> tags;
        List<String> aliases;
        boolean enabled = true;
        Instant deployedAt;

        Dist(String id, String domainName, DistributionSpec spec, Map<String, String> tags, Instant deployedAt) {
            this.id = id;
            this.domainName = domainName;
            this.spec = spec;
            this.tags = tags;
            this.aliases = spec == null ? List.of() : spec.aliases();
            this.deployedAt = deployedAt;
        }
    }

    private final Clock clock;
    private final Settings settings;
    private final Random random = new Random(7);
    private final Map<String, Dist> byId = new LinkedHashMap<>();
    private final Map<String, Dist> byCallerReference = new HashMap<>();
    public final AtomicLong creates = new AtomicLong();
    public final AtomicLong deletes = new AtomicLong();

    public SimulatedCloudFront(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** A distribution Edgeplane does not manage (the shared one, or another team's). */
    public synchronized void addUnmanaged(String id, String domainName, List<String> aliases) {
        Dist d = new Dist(id, domainName, null, Map.of(), clock.now());
        d.aliases = List.copyOf(aliases);
        byId.put(id, d);
    }

    @Override
    public synchronized DistributionRef create(DistributionSpec spec) {
        Dist existing = byCallerReference.get(spec.callerReference());
        if (existing != null) {
            if (existing.spec.equals(spec)) {
                return ref(existing);
            }
            throw new DnsApiException("DistributionAlreadyExists", "The caller reference that you are using to create"
                    + " a distribution is associated with another distribution.", false);
        }
        for (Dist d : byId.values()) {
            for (String alias : spec.aliases()) {
                if (d.aliases.contains(alias)) {
                    throw new DnsApiException("CNAMEAlreadyExists", "One or more of the CNAMEs you provided are"
                            + " already associated with a different resource: " + alias, false);
                }
            }
        }
        if (byId.size() >= settings.maxDistributions()) {
            throw new DnsApiException("TooManyDistributions", "Your request contains more distributions than are"
                    + " allowed per account (" + settings.maxDistributions() + ").", false);
        }
        String id = "E" + randomId(13);
        String domain = "d" + randomId(13).toLowerCase(Locale.ROOT) + ".cloudfront.net";
        Dist d = new Dist(id, domain, spec, new LinkedHashMap<>(spec.tags()), clock.now().plus(settings.deployDelay()));
        byId.put(id, d);
        byCallerReference.put(spec.callerReference(), d);
        creates.incrementAndGet();
        return ref(d);
    }

    @Override
    public synchronized DistributionRef get(String id) {
        return ref(find(id));
    }

    @Override
    public synchronized List<DistributionRef> listOurs() {
        List<DistributionRef> ours = new ArrayList<>();
        for (Dist d : byId.values()) {
            if ("true".equals(d.tags.get(DistributionSpec.TAG_MANAGED))) {
                ours.add(ref(d));
            }
        }
        return ours;
    }

    @Override
    public synchronized void retire(String id) {
        Dist d = find(id);
        if (!d.enabled && d.aliases.isEmpty()) {
            return;
        }
        d.enabled = false;
        d.aliases = List.of();
        d.deployedAt = clock.now().plus(settings.deployDelay());
    }

    @Override
    public synchronized boolean delete(String id) {
        Dist d = byId.get(id);
        if (d == null) {
            return true;
        }
        if (d.enabled) {
            throw new DnsApiException("DistributionNotDisabled", "The distribution you are trying to delete has not"
                    + " been disabled.", false);
        }
        if (clock.now().isBefore(d.deployedAt)) {
            return false;
        }
        byId.remove(id);
        if (d.spec != null) {
            byCallerReference.remove(d.spec.callerReference());
        }
        deletes.incrementAndGet();
        return true;
    }

    /** The configuration a distribution was created with (tests check the seeds' settings). */
    public synchronized DistributionSpec spec(String id) {
        return find(id).spec;
    }

    public synchronized boolean exists(String id) {
        return byId.containsKey(id);
    }

    private Dist find(String id) {
        Dist d = byId.get(id);
        if (d == null) {
            throw new DnsApiException("NoSuchDistribution", "The specified distribution does not exist: " + id, false);
        }
        return d;
    }

    private DistributionRef ref(Dist d) {
        String status = clock.now().isBefore(d.deployedAt) ? "InProgress" : "Deployed";
        return new DistributionRef(d.id, d.domainName, status, d.enabled, d.tags.get(DistributionSpec.TAG_TENANT));
    }

    private String randomId(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}

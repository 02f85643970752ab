package io.edgeplane.dns.simulated;

import io.edgeplane.dns.domain.ConnectionGroupRef;
import io.edgeplane.dns.domain.CustomDomains;
import io.edgeplane.dns.domain.DistributionTenantPage;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionTenantSpec;
import io.edgeplane.dns.domain.DistributionTenants;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsCheck;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.ManagedCertificate;
import io.edgeplane.dns.service.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process CloudFront SaaS Manager for the local profile, the tests and the bench, with CloudFront's documented
 * quotas and states: connection groups (routing endpoint, InProgress → Deployed after {@code deployDelay}), distribution
 * tenants (10,000 per account → {@code EntityLimitExceeded}; 100 domains per tenant and malformed domains →
 * {@code InvalidArgument}; a domain another tenant serves → {@code CNAMEAlreadyExists}; a name in use →
 * {@code EntityAlreadyExists}, which the port turns into the existing tenant), ETags with {@code If-Match}
 * ({@code PreconditionFailed} on a stale one), InProgress → Deployed after every change, domains inactive → active
 * once the tenant is deployed and its certificate covers them, managed certificates pending-validation → issued
 * once the tenant is deployed and every domain the certificate must validate points at the routing endpoint (HTTP
 * validation by CloudFront; domains under {@code wildcardDomains} are covered by the multi-tenant distribution's
 * own certificate), and deletion only of a disabled, deployed tenant ({@code ResourceNotDisabled}). Where a domain
 * points is said by the test or the local stack through {@link #pointDomain} (the customer's CNAME) — the simulator
 * does not resolve DNS. Every call is counted by operation ({@link #calls()}), for the bench.
 */
public final class SimulatedDistributionTenants implements DistributionTenants {
    /** ListDistributionTenants' page size. */
    private static final int PAGE = 100;

    /**
     * @param wildcardDomains base domains whose {@code *.<base>} the multi-tenant distribution's certificate covers
     */
    public record Settings(Duration deployDelay, int maxTenants, int maxDomainsPerTenant, List<String> wildcardDomains) {
        public Settings {
            wildcardDomains = wildcardDomains.stream().map(DnsNames::normalize).toList();
        }
    }

    private static final class Group {
        final String id;
        final String name;
        final String endpoint;
        final Instant deployedAt;

        Group(String id, String name, String endpoint, Instant deployedAt) {
            this.id = id;
            this.name = name;
            this.endpoint = endpoint;
            this.deployedAt = deployedAt;
        }
    }

    private static final class Tenant {
        final String id;
        final String name;
        final String distributionId;
        final Map<String, String> tags;
        final String groupId;
        List<String> domains;
        Map<String, String> parameters;
        boolean enabled;
        Instant deployedAt;
        long version = 1;
        Cert cert;

        Tenant(String id, DistributionTenantSpec spec, Instant deployedAt) {
            this.id = id;
            this.name = spec.name();
            this.distributionId = spec.multiTenantDistributionId();
            this.tags = Map.copyOf(spec.tags());
            this.groupId = spec.connectionGroupId();
            this.domains = spec.domains();
            this.parameters = spec.parameters();
            this.enabled = spec.enabled();
            this.deployedAt = deployedAt;
        }

        String etag() {
            return "E" + id.substring(2) + "V" + version;
        }
    }

    private static final class Cert {
        final String arn;
        final DistributionTenantSpec.CertificateRequest request;
        ManagedCertificate.Status status = ManagedCertificate.Status.PENDING_VALIDATION;

        Cert(String arn, DistributionTenantSpec.CertificateRequest request) {
            this.arn = arn;
            this.request = request;
        }
    }

    private final Clock clock;
    private final Settings settings;
    private final Random random = new Random(17);
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Tenant> byId = new LinkedHashMap<>();
    /** The same tenants in id order: ListDistributionTenants pages resume after their marker (the last id). */
    private final NavigableMap<String, Tenant> inIdOrder = new TreeMap<>();
    private final Map<String, Tenant> byName = new HashMap<>();
    private final Map<String, Tenant> byDomain = new HashMap<>();
    /** domain → the name it resolves to (a CNAME the customer created, or Edgeplane's record). */
    private final Map<String, String> pointing = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

    public SimulatedDistributionTenants(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    // ---- what the world outside CloudFront does

    /** {@code domain} now resolves to {@code target} (the customer created {@code domain CNAME target}). */
    public void pointDomain(String domain, String target) {
        pointing.put(DnsNames.normalize(domain), DnsNames.normalize(target));
    }

    /** {@code domain} no longer resolves to anything CloudFront knows. */
    public void unpointDomain(String domain) {
        pointing.remove(DnsNames.normalize(domain));
    }

    /** Calls per operation (CreateDistributionTenant, GetDistributionTenant, …). */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((op, n) -> out.put(op, n.get()));
        return out;
    }

    public long calls(String operation) {
        AtomicLong n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Errors answered per code (EntityLimitExceeded, CNAMEAlreadyExists, …). */
    public long errors(String code) {
        AtomicLong n = errors.get(code);
        return n == null ? 0 : n.get();
    }

    /** Distribution tenants that exist now. */
    public synchronized int size() {
        return byId.size();
    }

    public synchronized boolean exists(String id) {
        return byId.containsKey(id);
    }

    // ---- the API

    @Override
    public synchronized ConnectionGroupRef connectionGroup(String name) {
        count("GetConnectionGroup");
        for (Group g : groups.values()) {
            if (g.name.equals(name)) {
                return ref(g);
            }
        }
        count("CreateConnectionGroup");
        Group g = new Group("cg_" + randomId(26).toLowerCase(Locale.ROOT), name,
                "d" + randomId(13).toLowerCase(Locale.ROOT) + ".cloudfront.net", clock.now().plus(settings.deployDelay()));
        groups.put(g.id, g);
        return ref(g);
    }

    @Override
    public synchronized DistributionTenantRef create(DistributionTenantSpec spec) {
        count("CreateDistributionTenant");
        Tenant existing = byName.get(spec.name());
        if (existing != null) {
            // The port's contract: EntityAlreadyExists is answered with the tenant created before (a replay).
            error("EntityAlreadyExists");
            count("GetDistributionTenantByName");
            return ref(existing);
        }
        if (!groups.containsKey(spec.connectionGroupId())) {
            throw fail("EntityNotFound", "The connection group " + spec.connectionGroupId() + " does not exist.");
        }
        List<String> domains = checkDomains(spec.domains(), null);
        if (byId.size() >= settings.maxTenants()) {
            throw fail("EntityLimitExceeded", "Your request contains more distribution tenants than are allowed per"
                    + " account (" + settings.maxTenants() + ").");
        }
        Tenant t = new Tenant("dt_" + randomId(26).toLowerCase(Locale.ROOT), spec,
                clock.now().plus(settings.deployDelay()));
        t.domains = domains;
        if (spec.certificate() != null) {
            t.cert = new Cert("arn:aws:acm:us-east-1:000000000000:certificate/" + randomId(20).toLowerCase(Locale.ROOT),
                    spec.certificate());
        }
        byId.put(t.id, t);
        inIdOrder.put(t.id, t);
        byName.put(t.name, t);
        domains.forEach(d -> byDomain.put(d, t));
        return ref(t);
    }

    @Override
    public synchronized DistributionTenantRef find(String identifier) {
        count("GetDistributionTenant");
        Tenant t = lookup(identifier);
        return t == null ? null : ref(t);
    }

    @Override
    public synchronized DistributionTenantRef update(DistributionTenantRef current, DistributionTenantSpec spec) {
        count("UpdateDistributionTenant");
        Tenant t = matching(current);
        List<String> domains = checkDomains(spec.domains(), t);
        t.domains.forEach(byDomain::remove);
        domains.forEach(d -> byDomain.put(d, t));
        t.domains = domains;
        t.parameters = spec.parameters();
        t.enabled = spec.enabled();
        if (spec.certificate() != null && (t.cert == null || !t.cert.request.equals(spec.certificate()))) {
            t.cert = new Cert("arn:aws:acm:us-east-1:000000000000:certificate/" + randomId(20).toLowerCase(Locale.ROOT),
                    spec.certificate());
        }
        changed(t);
        return ref(t);
    }

    @Override
    public synchronized DistributionTenantRef disable(DistributionTenantRef current) {
        count("UpdateDistributionTenant");
        Tenant t = matching(current);
        if (t.enabled) {
            t.enabled = false;
            changed(t);
        }
        return ref(t);
    }

    @Override
    public synchronized boolean delete(DistributionTenantRef current) {
        count("DeleteDistributionTenant");
        Tenant t = byId.get(current.id());
        if (t == null) {
            return true;
        }
        if (!t.etag().equals(current.etag())) {
            throw fail("PreconditionFailed", "The If-Match version " + current.etag() + " is stale (now "
                    + t.etag() + ").");
        }
        if (t.enabled) {
            throw fail("ResourceNotDisabled", "The distribution tenant " + t.id + " must be disabled before it is"
                    + " deleted.");
        }
        if (clock.now().isBefore(t.deployedAt)) {
            return false;
        }
        byId.remove(t.id);
        inIdOrder.remove(t.id);
        byName.remove(t.name);
        t.domains.forEach(byDomain::remove);
        return true;
    }

    @Override
    public synchronized ManagedCertificate certificate(String identifier) {
        count("GetManagedCertificateDetails");
        Tenant t = lookup(identifier);
        if (t == null) {
            throw fail("EntityNotFound", "The distribution tenant " + identifier + " does not exist.");
        }
        if (t.cert == null) {
            return null;
        }
        List<ManagedCertificate.ValidationToken> tokens = new ArrayList<>();
        for (String d : needingValidation(t)) {
            tokens.add(new ManagedCertificate.ValidationToken(d, "http://" + d + "/.well-known/pki-validation/"
                    + t.cert.arn.substring(t.cert.arn.lastIndexOf('/') + 1) + ".txt",
                    "https://validation.us-east-1.acm-validations.aws/" + t.cert.arn.hashCode() + ".txt"));
        }
        if (t.cert.status == ManagedCertificate.Status.PENDING_VALIDATION && !clock.now().isBefore(t.deployedAt)
                && t.cert.request.validation() == DistributionTenantSpec.Validation.CLOUDFRONT
                && needingValidation(t).stream().allMatch(d -> pointsAtTenant(d, t))) {
            t.cert.status = ManagedCertificate.Status.ISSUED;
        }
        return new ManagedCertificate(t.cert.arn, t.cert.status, t.cert.request.validation(), tokens);
    }

    @Override
    public synchronized DnsCheck verifyDns(String domain, String identifier) {
        count("VerifyDnsConfiguration");
        Tenant t = lookup(identifier);
        if (t == null) {
            throw fail("EntityNotFound", "The distribution tenant " + identifier + " does not exist.");
        }
        String name = DnsNames.normalize(domain);
        String endpoint = groups.get(t.groupId).endpoint;
        String resolved = pointing.get(name);
        if (endpoint.equals(resolved)) {
            return new DnsCheck(name, DnsCheck.Status.VALID, null);
        }
        return new DnsCheck(name, DnsCheck.Status.INVALID, resolved == null
                ? "no CNAME record for " + name + " pointing at " + endpoint
                : name + " resolves to " + resolved + ", not " + endpoint);
    }

    @Override
    public synchronized DistributionTenantPage page(String multiTenantDistributionId, String marker) {
        count("ListDistributionTenants");
        List<DistributionTenantPage.Summary> page = new ArrayList<>(PAGE);
        String last = null;
        // After the marker even when that tenant was deleted since: ids keep their order.
        for (Tenant t : (marker == null ? inIdOrder : inIdOrder.tailMap(marker, false)).values()) {
            if (multiTenantDistributionId != null && !t.distributionId.equals(multiTenantDistributionId)) {
                continue;
            }
            if (page.size() == PAGE) {
                return new DistributionTenantPage(page, last);
            }
            boolean deployed = !clock.now().isBefore(t.deployedAt);
            page.add(new DistributionTenantPage.Summary(t.id, t.distributionId, t.enabled,
                    deployed ? "Deployed" : "InProgress"));
            last = t.id;
        }
        return new DistributionTenantPage(page, null);
    }

    @Override
    public synchronized List<DistributionTenantRef> listOurs(String multiTenantDistributionId) {
        int pages = Math.max(1, (byId.size() + PAGE - 1) / PAGE);
        for (int i = 0; i < pages; i++) {
            count("ListDistributionTenants");
        }
        List<DistributionTenantRef> out = new ArrayList<>();
        for (Tenant t : byId.values()) {
            if (t.distributionId.equals(multiTenantDistributionId) && "true".equals(t.tags.get("edgeplane:managed"))) {
                out.add(ref(t));
            }
        }
        return out;
    }

    // ---- internals

    private List<String> checkDomains(List<String> requested, Tenant self) {
        if (requested.isEmpty()) {
            throw fail("InvalidArgument", "A distribution tenant needs at least one domain.");
        }
        if (requested.size() > settings.maxDomainsPerTenant()) {
            throw fail("InvalidArgument", "Your request contains " + requested.size() + " domains; a distribution"
                    + " tenant allows " + settings.maxDomainsPerTenant() + ".");
        }
        List<String> out = new ArrayList<>();
        for (String raw : requested) {
            String d = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
            if (d.endsWith(".")) {
                d = d.substring(0, d.length() - 1);
            }
            if (!CustomDomains.wellFormed(d)) {
                throw fail("InvalidArgument", "The domain name '" + raw + "' is not valid.");
            }
            Tenant holder = byDomain.get(d);
            if (holder != null && holder != self) {
                throw fail("CNAMEAlreadyExists", "One or more of the CNAMEs you provided are already associated with a"
                        + " different resource: " + d);
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    private Tenant lookup(String identifier) {
        Tenant t = byId.get(identifier);
        return t != null ? t : byName.get(identifier);
    }

    private Tenant matching(DistributionTenantRef current) {
        Tenant t = byId.get(current.id());
        if (t == null) {
            throw fail("EntityNotFound", "The distribution tenant " + current.id() + " does not exist.");
        }
        if (current.etag() == null) {
            throw fail("InvalidIfMatchVersion", "The If-Match version is missing or not valid.");
        }
        if (!t.etag().equals(current.etag())) {
            throw fail("PreconditionFailed", "The If-Match version " + current.etag() + " is stale (now "
                    + t.etag() + ").");
        }
        return t;
    }

    private void changed(Tenant t) {
        t.version++;
        t.deployedAt = clock.now().plus(settings.deployDelay());
    }

    /** The tenant's domains its managed certificate must validate: those the template's wildcard does not cover. */
    private List<String> needingValidation(Tenant t) {
        return t.domains.stream().filter(d -> !coveredByTemplate(d)).toList();
    }

    private boolean coveredByTemplate(String domain) {
        int dot = domain.indexOf('.');
        return dot > 0 && settings.wildcardDomains().contains(domain.substring(dot + 1));
    }

    private boolean pointsAtTenant(String domain, Tenant t) {
        return groups.get(t.groupId).endpoint.equals(pointing.get(domain));
    }

    private boolean covered(String domain, Tenant t) {
        return coveredByTemplate(domain) || t.cert != null && t.cert.status == ManagedCertificate.Status.ISSUED;
    }

    private DistributionTenantRef ref(Tenant t) {
        boolean deployed = !clock.now().isBefore(t.deployedAt);
        List<DistributionTenantRef.Domain> domains = t.domains.stream()
                .map(d -> new DistributionTenantRef.Domain(d, deployed && t.enabled && covered(d, t))).toList();
        return new DistributionTenantRef(t.id, t.name, t.distributionId, domains, t.parameters, t.tags, t.groupId,
                t.enabled, deployed ? "Deployed" : "InProgress", t.etag());
    }

    private ConnectionGroupRef ref(Group g) {
        String status = clock.now().isBefore(g.deployedAt) ? "InProgress" : "Deployed";
        return new ConnectionGroupRef(g.id, g.name, g.endpoint, status, true, "E" + g.id.substring(3, 10));
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    private void error(String code) {
        errors.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    }

    private DnsApiException fail(String code, String message) {
        error(code);
        return new DnsApiException(code, message, false);
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

package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.ConnectionGroupRef;
import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.DistributionTenantProgress;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionTenantSpec;
import io.edgeplane.dns.domain.DistributionTenants;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsCheck;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.Hostname;
import io.edgeplane.dns.domain.ManagedCertificate;
import io.edgeplane.dns.domain.RuleViolation;
import io.edgeplane.dns.domain.SaasPollSchedule;
import io.edgeplane.dns.domain.TenantStrategy;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.budget.AccountBudgets;
import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The CloudFront side of a distribution tenant's life (the records are {@link TenantDnsService}'s): the connection
 * group, the tenant itself created or brought in line by name (unique per account, so a replay after a crash finds
 * the one created before: nothing is created twice) with ETags on every change, its progress (deployed, customer
 * DNS, certificate), and its retirement (disable, wait until deployed, delete). CloudFront's refusals become rules.
 */
@ApplicationScoped
public class DistributionTenantLifecycle {
    private static final Logger LOG = Logger.getLogger(DistributionTenantLifecycle.class);
    public static final String CNAME_TAKEN = "cname-already-exists";
    public static final String INVALID_DOMAIN = "invalid-domain";
    public static final String CERTIFICATE = "certificate";
    public static final String CUSTOMER_DNS_TIMEOUT = "customer-dns-timeout";
    /** The account budget of CloudFront SaaS Manager reads (its meters carry {@code budget=cloudfront-saas-reads}). */
    public static final String READ_BUDGET = "cloudfront-saas-reads";

    @Inject
    DistributionTenants tenants;

    @Inject
    DnsConfig config;

    @Inject
    Ownership ownership;

    @Inject
    AccountBudgets budgets;

    @ConfigProperty(name = "mp.messaging.incoming.tenant-lifecycle.topic", defaultValue = "edgeplane.tenants.lifecycle")
    String lifecycleTopic;

    @Inject
    QuotaTracker quota;

    /** Time for the deployment board (a virtual clock in the bench). */
    Clock clock = Clock.SYSTEM;

    private volatile ConnectionGroupRef group;
    private volatile DeploymentBoard board;
    /** This replica's one CloudFront read budget for looking at distribution tenants (saas.read-rate). */
    private volatile RateLimiter reads;
    private volatile SaasPollSchedule schedule;

    /** When the waiter looks again, per stage (saas.poll, certificate-poll, customer-dns-poll(-max), timeout). */
    public SaasPollSchedule schedule() {
        SaasPollSchedule s = schedule;
        if (s == null) {
            DnsConfig.Saas c = config.saas();
            s = new SaasPollSchedule(c.poll(), c.certificatePoll(), c.customerDnsPoll(), c.customerDnsPollMax(),
                    c.customerDnsTimeout());
            schedule = s;
        }
        return s;
    }

    /**
     * The one read budget: however many tenants wait, their looks together stay within {@code saas.read-rate} for
     * the account. Each replica spends its share, its part of the tenant-lifecycle partitions (whose tenants it
     * looks at), so N replicas together still read at most that rate ({@link AccountBudgets}, budget
     * {@value #READ_BUDGET}).
     */
    public RateLimiter reads() {
        RateLimiter r = reads;
        if (r == null) {
            synchronized (this) {
                if (reads == null) {
                    reads = clock.isVirtual() ? new RateLimiter(clock, config.saas().readRate())
                            : RateLimiter.shared(budgets.register(READ_BUDGET, lifecycleTopic,
                                    config.saas().readRate()));
                }
                r = reads;
            }
        }
        return r;
    }

    private void read() {
        try {
            reads().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the CloudFront read budget", e);
        }
    }

    /** Deployment states a listing page at a time while many tenants deploy; built on first use. */
    DeploymentBoard board() {
        DeploymentBoard b = board;
        if (b == null) {
            synchronized (this) {
                if (board == null) {
                    board = new DeploymentBoard(tenants, config.saas().distributionId(), this::read, clock,
                            schedule().deploying(), () -> quota.tenantStatus().used());
                }
                b = board;
            }
        }
        return b;
    }

    /** The connection group (created once when missing); its routing endpoint is every tenant's target. */
    public ConnectionGroupRef connectionGroup() {
        ConnectionGroupRef g = group;
        if (g == null) {
            g = call(() -> tenants.connectionGroup(config.saas().connectionGroup()), "connection group");
            group = g;
        }
        return g;
    }

    /** What the tenant's distribution tenant should be: derived from its id, hostname and custom domain only. */
    public DistributionTenantSpec spec(String tenantId, Hostname hostname, String customDomain) {
        List<String> domains = new ArrayList<>();
        domains.add(hostname.fqdn());
        DistributionTenantSpec.CertificateRequest certificate = null;
        if (customDomain != null && !customDomain.isBlank()) {
            String custom = DnsNames.normalize(customDomain);
            domains.add(custom);
            // The template's wildcard certificate covers the hostname; the custom domain needs its own, validated
            // by CloudFront over HTTP once the customer's CNAME points at the routing endpoint.
            certificate = new DistributionTenantSpec.CertificateRequest(selfHostedValidation()
                    ? DistributionTenantSpec.Validation.SELF_HOSTED : DistributionTenantSpec.Validation.CLOUDFRONT,
                    custom);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("tenantId", tenantId);
        parameters.put("originPath", originPath(tenantId));
        return new DistributionTenantSpec(DistributionTenantSpec.nameOf(tenantId), config.saas().distributionId(),
                domains, parameters, Map.of(DistributionSpec.TAG_MANAGED, "true", DistributionSpec.TAG_TENANT, tenantId),
                connectionGroup().id(), certificate, true);
    }

    /**
     * The multi-tenant distribution's origin path for the tenant: its served root without the trailing slash
     * ({@code /tenants/acme}), derived from the id by the ownership model, never a value from an event. The routing
     * function (edge-functions/tenant-routing.js) serves only a tenant whose {@code originPath} is exactly this and
     * picks the build below it (copy mode: {@code deployments/current}; pointer mode: the KeyValueStore pointer), so
     * promotion works unchanged; the invalidation-service strips the same root from the bucket's paths.
     */
    String originPath(String tenantId) {
        String root = ownership.viewerRoot(Owner.tenant(tenantId));
        return root.substring(0, root.length() - 1);
    }

    /** The tenant's distribution tenant as {@code spec} says: found by name and updated (If-Match), or created. */
    public DistributionTenantRef ensure(DistributionTenantSpec spec) {
        return ensure(spec, true);
    }

    /**
     * {@link #ensure(DistributionTenantSpec)}; with {@code mayExist} false (the tenant's state names no distribution
     * tenant) it is created without looking it up first: a create whose name is taken answers the tenant created
     * before a crash (the port's contract), which is then brought in line. A burst of new tenants saves one Get each.
     */
    public DistributionTenantRef ensure(DistributionTenantSpec spec, boolean mayExist) {
        for (int attempt = 0;; attempt++) {
            try {
                DistributionTenantRef found = mayExist || attempt > 0 ? tenants.find(spec.name()) : null;
                if (found == null) {
                    DistributionTenantRef created = tenants.create(spec);
                    quota.tenantCreated();
                    LOG.infof("Created distribution tenant %s (%s) for %s", created.id(), spec.name(), spec.domains());
                    return noted(sameAs(created, spec) ? created : tenants.update(created, spec));
                }
                if (sameAs(found, spec)) {
                    return noted(found);
                }
                return noted(tenants.update(found, spec));
            } catch (DnsApiException e) {
                RuleViolation violation = violation(e, spec);
                boolean again = e.isTransient() || "PreconditionFailed".equals(e.code());
                if (!again || attempt >= Backoff.DEFAULT.maxAttempts()) {
                    throw new ProvisionFailure(violation);
                }
                sleep(Backoff.DEFAULT.delay(attempt));
            }
        }
    }

    /** A fresh answer about the tenant: whether it still deploys, for the board's count and its listings. */
    private DistributionTenantRef noted(DistributionTenantRef t) {
        if (t.deployed()) {
            board().deployed(t.id());
        } else {
            board().deploying(t.id(), clock.now());
        }
        return t;
    }

    private static boolean sameAs(DistributionTenantRef found, DistributionTenantSpec spec) {
        return found.enabled() == spec.enabled() && found.parameters().equals(spec.parameters())
                && found.domains().stream().map(DistributionTenantRef.Domain::domain).toList().equals(spec.domains());
    }

    /** CloudFront's refusal as the tenant's rule, naming what was refused. */
    static RuleViolation violation(DnsApiException e, DistributionTenantSpec spec) {
        return switch (e.code()) {
            case "CNAMEAlreadyExists" -> RuleViolation.of(CNAME_TAKEN, "a domain of " + spec.domains()
                    + " is already served by another CloudFront resource: " + e.getMessage());
            case "EntityLimitExceeded" -> new RuleViolation(TenantStrategy.TENANT_QUOTA_RULE, "CloudFront refused"
                    + " another distribution tenant (account quota): " + e.getMessage(), true);
            case "InvalidArgument" -> RuleViolation.of(INVALID_DOMAIN, "CloudFront refused the domains "
                    + spec.domains() + ": " + e.getMessage());
            default -> new RuleViolation("distribution-tenant", "CloudFront refused distribution tenant "
                    + spec.name() + ": " + e.getMessage(), e.isTransient());
        };
    }

    /**
     * Deployed? Customer DNS? Certificate? Each CloudFront call waits for the read budget, and only what can change
     * the answer is asked. Deployed comes from {@code justRead} when the caller has just created, updated or read
     * the tenant, else from the deployment board (known deployed, a listing page while many tenants deploy, or one
     * GetDistributionTenant). Once deployed, with CloudFront's HTTP validation, the managed certificate is asked
     * first: issued means CloudFront reached the domain through the routing endpoint, so the customer's CNAME exists
     * and one read answers READY. Otherwise (pending, self-hosted validation, or the customer's CNAME is what the
     * tenant was waiting for) VerifyDnsConfiguration per custom domain names the record still missing, and the
     * certificate is asked only once they all point at the routing endpoint.
     *
     * @param waitingFor what the tenant waited for at its last look ({@code TenantDnsState.waitingFor}); null: none
     */
    public DistributionTenantProgress progress(DistributionTenantRef justRead, List<String> customerDomains) {
        return progress(justRead.id(), justRead, customerDomains, null);
    }

    /** {@link #progress(DistributionTenantRef, List)} of a tenant known by id. */
    public DistributionTenantProgress progress(String distributionTenantId, List<String> customerDomains,
            String waitingFor) {
        return progress(distributionTenantId, null, customerDomains, waitingFor);
    }

    private DistributionTenantProgress progress(String id, DistributionTenantRef justRead, List<String> customerDomains,
            String waitingFor) {
        ConnectionGroupRef g = connectionGroup();
        String status = justRead != null ? justRead.status() : deployment(id);
        List<DnsCheck> checks = new ArrayList<>();
        if (!"Deployed".equals(status)) {
            customerDomains.forEach(d -> checks.add(new DnsCheck(d, DnsCheck.Status.UNKNOWN, "not deployed yet")));
            return DistributionTenantProgress.of(id, status, null, checks, g.routingEndpoint());
        }
        board().deployed(id);
        ManagedCertificate certificate = null;
        boolean certificateFirst = !customerDomains.isEmpty() && !selfHostedValidation()
                && !DistributionTenantProgress.Stage.CUSTOMER_DNS.waitingFor().equals(waitingFor);
        if (certificateFirst) {
            read();
            certificate = tenants.certificate(id);
            if (certificate != null && (certificate.issued() || certificate.status().terminal())) {
                // Issued through CloudFront's HTTP validation: the domains reached the routing endpoint.
                DnsCheck.Status seen = certificate.issued() ? DnsCheck.Status.VALID : DnsCheck.Status.UNKNOWN;
                String why = "managed certificate " + certificate.status();
                customerDomains.forEach(d -> checks.add(new DnsCheck(d, seen, why)));
                return DistributionTenantProgress.of(id, status, certificate, checks, g.routingEndpoint());
            }
        }
        for (String d : customerDomains) {
            read();
            checks.add(tenants.verifyDns(d, id));
        }
        if (customerDomains.isEmpty() || checks.stream().anyMatch(c -> !c.valid())) {
            return DistributionTenantProgress.of(id, status, null, checks, g.routingEndpoint());
        }
        if (certificate == null) {
            read();
            certificate = tenants.certificate(id);
        }
        return DistributionTenantProgress.of(id, status, certificate, checks, g.routingEndpoint());
    }

    /** The tenant's deployment status, from the board or, when only a Get can tell, one read. */
    private String deployment(String id) {
        return switch (board().look(id)) {
            case DEPLOYED -> "Deployed";
            case DEPLOYING -> "InProgress";
            case ASK -> {
                read();
                DistributionTenantRef t = tenants.find(id);
                if (t == null) {
                    board().gone(id);
                    throw new DnsApiException("EntityNotFound", "distribution tenant " + id + " is gone", false);
                }
                yield noted(t).status();
            }
        };
    }

    private boolean selfHostedValidation() {
        return "self-hosted".equalsIgnoreCase(config.saas().certificateValidation());
    }

    /**
     * Disable (If-Match), wait until the disable is deployed, delete; returns once it is gone, or as soon as
     * {@code stillMine} says the clean-up moved to another replica (checked before every CloudFront call, so a
     * replica that lost the tenant's partition makes no further change).
     *
     * @return true when the tenant is gone, false when the clean-up was left to the new owner
     */
    public boolean retire(String distributionTenantId, BooleanSupplier stillMine) {
        board().gone(distributionTenantId);
        Duration poll = config.saas().poll();
        Instant deadline = Instant.now().plus(config.individual().deployTimeout().multipliedBy(2));
        int attempt = 0;
        while (Instant.now().isBefore(deadline)) {
            if (!stillMine.getAsBoolean()) {
                LOG.infof("Distribution tenant %s: its clean-up moved to another replica", distributionTenantId);
                return false;
            }
            try {
                DistributionTenantRef t = tenants.find(distributionTenantId);
                if (t == null) {
                    return true;
                }
                if (t.enabled()) {
                    tenants.disable(t);
                    sleep(poll);
                    continue;
                }
                if (tenants.delete(t)) {
                    quota.tenantDeleted();
                    LOG.infof("Deleted distribution tenant %s", distributionTenantId);
                    return true;
                }
                sleep(poll);
            } catch (DnsApiException e) {
                if ("EntityNotFound".equals(e.code())) {
                    return true;
                }
                if (!e.isTransient() && !"PreconditionFailed".equals(e.code())
                        && !"ResourceNotDisabled".equals(e.code())) {
                    throw e;
                }
                sleep(Backoff.DEFAULT.delay(attempt++));
            }
        }
        throw new IllegalStateException("distribution tenant " + distributionTenantId + " not deletable in time");
    }

    private <T> T call(Supplier<T> call, String what) {
        for (int attempt = 0;; attempt++) {
            try {
                return call.get();
            } catch (DnsApiException e) {
                if (!e.isTransient() || attempt >= Backoff.DEFAULT.maxAttempts()) {
                    throw new ProvisionFailure(new RuleViolation("distribution-tenant", "CloudFront refused the "
                            + what + ": " + e.getMessage(), e.isTransient()));
                }
                sleep(Backoff.DEFAULT.delay(attempt));
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.edgeplane.dns.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the dns-service ({@code edgeplane.dns.*}). */
@ConfigMapping(prefix = "edgeplane.dns")
public interface DnsConfig {
    /**
     * What a production-required setting holds until it is configured: a placeholder, so the service starts and
     * its readiness (edgeplane.readiness.required, %prod) refuses naming the setting, instead of serving tenants
     * with an invented distribution or certificate. The local stack and the tests set real-looking values in their
     * profiles (application.properties).
     */
    String UNSET = "REPLACE_ME";

    /** Hosted zone id per base domain, e.g. {@code edgeplane.dns.zones."example.com"=Z0123456789ABC}. */
    Map<String, String> zones();

    /** Labels no tenant may take (after lower-casing). */
    @WithDefault("www,api,admin,app,mail,smtp,ftp,cdn,static,assets,status,ns1,ns2,dashboard,console,root,edgeplane")
    List<String> reservedLabels();

    /** sync (create, update, delete owned records), upsert-only (never delete) or create-only. */
    @WithDefault("sync")
    String policy();

    Records records();

    Shared shared();

    Individual individual();

    Saas saas();

    Route53 route53();

    Cloudfront cloudfront();

    Simulated simulated();

    Reconcile reconcile();

    Topics topics();

    Lifecycle lifecycle();

    interface Lifecycle {
        /**
         * Lifecycle records whose writes (intent, zone changes, announcement) may be on their way at once; the
         * consumer waits beyond it (backpressure), so memory stays bounded with any backlog.
         */
        @WithDefault("1000")
        int maxInFlight();
    }

    interface Records {
        /** alias: ALIAS A (+ AAAA) to CloudFront's zone Z2FDTNDATAQYW2; cname: one CNAME per tenant. */
        @WithDefault("alias")
        String mode();

        @WithDefault("300")
        long cnameTtl();

        /** Also an AAAA alias (CloudFront serves IPv6). */
        @WithDefault("true")
        boolean ipv6();

        /**
         * One {@code *.<base>} record serves every shared tenant; no per-tenant write for them (individual tenants
         * still get explicit records, which take precedence over the wildcard). The default: explicit records for
         * 100,000 shared tenants need 200,000 record sets, 20 times the default quota of a hosted zone.
         */
        @WithDefault("true")
        boolean wildcard();
    }

    interface Shared {
        /** The shared distribution (seed 001 SHARED_CLOUDFRONT_DISTRIBUTION_ID). */
        @WithDefault(UNSET)
        String distributionId();

        /** Its domain name (SHARED_CLOUDFRONT_DOMAIN). */
        @WithDefault(UNSET)
        String domainName();
    }

    interface Individual {
        /** MAX_INDIVIDUAL_DISTRIBUTIONS: how many tagged distributions Edgeplane may run. */
        @WithDefault("400")
        int maxDistributions();

        /** Utilisation from which decisions carry a warning and a recommendation. */
        @WithDefault("0.8")
        double warnAt();

        /** ENABLE_INDIVIDUAL_FOR_ENTERPRISE. */
        @WithDefault("true")
        boolean enterprise();

        /** Monthly page views from which a tenant counts as high traffic. */
        @WithDefault("10000000")
        long highTrafficPageViews();

        /** S3 origin: the distribution bucket's regional domain. */
        @WithDefault(UNSET)
        String originDomain();

        /** Origin access control id (SigV4 signing towards S3; the bucket stays private). */
        @WithDefault(UNSET)
        String originAccessControlId();

        /** Origin path; {@code {tenantId}} is replaced. */
        @WithDefault("/tenants/{tenantId}/deployments/current")
        String originPath();

        /** ACM certificate in us-east-1 covering the base domains (wildcard) and, per tenant, custom domains. */
        @WithDefault(UNSET)
        String certificateArn();

        @WithDefault("PriceClass_All")
        String priceClass();

        /** none, whitelist or blacklist. */
        @WithDefault("none")
        String geoRestriction();

        /** ISO 3166-1 alpha-2 country codes for the geo restriction. */
        Optional<List<String>> geoLocations();

        /** An API origin for the no-cache {@code /api/*} behaviour of seed 002; absent: no such behaviour. */
        Optional<String> apiOriginDomain();

        /** ARN of the SPA routing function (viewer request). */
        Optional<String> viewerRequestFunctionArn();

        /** ARN of the security headers function (viewer response). */
        Optional<String> viewerResponseFunctionArn();

        /** How long provisioning waits for a new distribution to be Deployed. */
        @WithDefault("25m")
        Duration deployTimeout();

        @WithDefault("20s")
        Duration deployPoll();
    }

    /**
     * CloudFront SaaS Manager: one multi-tenant distribution (the template, created by Terraform) and a
     * distribution tenant per custom-domain tenant, reached through a connection group.
     */
    interface Saas {
        /** Custom domains get distribution tenants; false: the seed's individual distributions serve them. */
        @WithDefault("true")
        boolean enabled();

        /** The multi-tenant distribution (Terraform output); production-required. */
        @WithDefault(UNSET)
        String distributionId();

        /** The connection group whose routing endpoint every tenant's records point at (created when missing). */
        @WithDefault("edgeplane-tenants")
        String connectionGroup();

        /**
         * Distribution tenants the account may hold (CloudFront's default quota per account: 10,000). Every tenant in
         * the account counts against it, whoever created it.
         */
        @WithDefault("10000")
        int maxTenants();

        /** Domains per distribution tenant (CloudFront's default quota: 100). */
        @WithDefault("100")
        int maxDomainsPerTenant();

        /**
         * How the managed certificate is validated: cloudfront (CloudFront answers the HTTP token once the domain
         * points at the routing endpoint) or self-hosted.
         */
        @WithDefault("cloudfront")
        String certificateValidation();

        /**
         * Interval of the waiter's looks while a distribution tenant deploys (minutes in CloudFront), and of the
         * disable/delete polls when one is retired.
         */
        @WithDefault("30s")
        Duration poll();

        /** Interval of the looks while the managed certificate is pending (issued minutes after the CNAME is seen). */
        @WithDefault("2m")
        Duration certificatePoll();

        /** First interval while the customer's CNAME is missing; it doubles at each look up to customer-dns-poll-max. */
        @WithDefault("1m")
        Duration customerDnsPoll();

        /** Cap of the customer-DNS backoff: a tenant whose customer never acts costs one look per this interval. */
        @WithDefault("30m")
        Duration customerDnsPollMax();

        /**
         * How long after its request a distribution tenant may wait (customer DNS, deployment, certificate) before
         * it fails {@code customer-dns-timeout} (retryable), naming the record to create.
         */
        @WithDefault("7d")
        Duration customerDnsTimeout();

        /**
         * CloudFront reads per second this replica spends on looking at waiting distribution tenants (Get, certificate,
         * VerifyDnsConfiguration), however many wait: one budget, requests spaced evenly. CloudFront publishes no
         * control-plane request rates; 5/s is an assumption kept well below what accounts report being throttled at.
         */
        @WithDefault("5")
        double readRate();
    }

    interface Route53 {
        /** aws or simulated. */
        @WithDefault("aws")
        String adapter();

        /** Requests per second of this instance across all Route 53 APIs (the account allows 5). */
        @WithDefault("4")
        double requestsPerSecond();

        @WithDefault("1000")
        int maxValues();

        @WithDefault("32000")
        int maxValueChars();

        @WithDefault("1000")
        int maxChanges();

        /** A partly filled batch is sent once no change arrived for this long... */
        @WithDefault("1s")
        Duration batchQuiet();

        /**
         * ...or once its oldest change waited this long. Long on purpose: while changes keep arriving, waiting
         * for a full batch costs seconds, while every extra request costs a fifth of the account's second.
         */
        @WithDefault("30s")
        Duration batchMaxLinger();

        /** First GetChange after submission; then doubling up to {@code insync-poll-max}. */
        @WithDefault("2s")
        Duration insyncPollInitial();

        @WithDefault("15s")
        Duration insyncPollMax();

        @WithDefault("250ms")
        Duration backoffBase();

        @WithDefault("20s")
        Duration backoffCap();

        /**
         * Zone-change messages taken and not yet settled, over all zones (queued, at Route 53, or waiting for their
         * answer on the log): 2 full batches of 1,000 tenants; beyond it the consumer waits and the backlog stays on
         * the broker (a full zone refusing 95,000 tenants held 41,000 payloads and their answers in the heap).
         */
        @WithDefault("2000")
        int maxUnsettled();
    }

    interface Cloudfront {
        /** aws or simulated. */
        @WithDefault("aws")
        String adapter();
    }

    /** The in-process Route 53 and CloudFront of the local profile, tests and benchmarks. */
    interface Simulated {
        @WithDefault("5")
        double route53RequestsPerSecond();

        @WithDefault("5s")
        Duration insyncDelay();

        @WithDefault("0ms")
        Duration zoneProcessing();

        @WithDefault("10000")
        int maxRecordsPerZone();

        /** Share of Route 53 requests answered with Throttling regardless of rate (fault injection). */
        @WithDefault("0")
        double throttleRate();

        @WithDefault("3s")
        Duration deployDelay();

        @WithDefault("500")
        int maxDistributions();

        /** CloudFront's account quota of distribution tenants in the simulator. */
        @WithDefault("10000")
        int maxDistributionTenants();
    }

    interface Reconcile {
        @WithDefault("true")
        boolean enabled();

        /** How often the zones are compared with the desired records. */
        @WithDefault("10m")
        Duration interval();

        /** How long a zone listing is reused (dry runs, reconciliation). */
        @WithDefault("5m")
        Duration cacheTtl();
    }

    interface Topics {
        /** Internal: per-tenant change requests re-keyed by hosted zone (one writer per zone). */
        @WithDefault("edgeplane.dns.zone-changes")
        String zoneChanges();

        /** Internal, compacted: the desired state per tenant (the ownership registry); survives restarts. */
        @WithDefault("edgeplane.dns.desired-state")
        String desiredState();

        /** Create the internal topics at start-up when missing (local stack). */
        @WithDefault("false")
        boolean create();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }
}

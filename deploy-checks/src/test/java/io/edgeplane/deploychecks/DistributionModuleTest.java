package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared distribution as code (deploy/terraform/edgeplane-distribution) parses as HCL and configures
 * what the seeds ask for. Terraform itself is not available here, so this checks structure, not a plan.
 */
class DistributionModuleTest {
    static final String MODULE = "deploy/terraform/edgeplane-distribution";
    static Map<String, Object> main;
    static Map<String, Object> variables;
    static Map<String, Object> multitenant;
    static Map<String, Object> outputs;
    static String mainText;
    static String multitenantText;

    @BeforeAll
    static void parse() throws Exception {
        main = new HCLParser().parse(Repo.path(MODULE + "/main.tf").toFile(), "UTF-8");
        variables = new HCLParser().parse(Repo.path(MODULE + "/variables.tf").toFile(), "UTF-8");
        outputs = new HCLParser().parse(Repo.path(MODULE + "/outputs.tf").toFile(), "UTF-8");
        new HCLParser().parse(Repo.path(MODULE + "/versions.tf").toFile(), "UTF-8");
        multitenant = new HCLParser().parse(Repo.path(MODULE + "/multitenant.tf").toFile(), "UTF-8");
        mainText = Repo.read(Repo.path(MODULE + "/main.tf"));
        multitenantText = Repo.read(Repo.path(MODULE + "/multitenant.tf"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            assertThat(current).as("%s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        assertThat(current).as(String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) current;
    }

    /** A block written once parses as a map, written several times as a list. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> blocks(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return (List<Map<String, Object>>) list;
        }
        return List.of((Map<String, Object>) value);
    }

    static Map<String, Object> resource(String type, String name) {
        return map(main, "resource", type, name);
    }

    static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @Test
    void distributionHasHttp3Tls12OriginShieldLoggingPriceClassAndOptionalWaf() {
        Map<String, Object> d = resource("aws_cloudfront_distribution", "this");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.get("http_version")).isEqualTo("http2and3");
        soft.assertThat(d.get("enabled")).isEqualTo(true);
        soft.assertThat(String.valueOf(d.get("price_class"))).isEqualTo("var.price_class");
        soft.assertThat(map(d, "viewer_certificate").get("minimum_protocol_version")).isEqualTo("TLSv1.2_2021");
        soft.assertThat(mainText).contains("ssl_support_method             = var.acm_certificate_arn == null ? null : \"sni-only\"");
        soft.assertThat(String.valueOf(map(d, "logging_config").get("bucket"))).isEqualTo("aws_s3_bucket.logs.bucket_domain_name");
        soft.assertThat(mainText).contains("web_acl_id          = local.web_acl_id")
                .contains("var.create_waf ? aws_wafv2_web_acl.this[0].arn : var.web_acl_arn");
        soft.assertThat(map(main, "resource", "aws_wafv2_web_acl", "this").get("scope")).isEqualTo("CLOUDFRONT");

        List<Map<String, Object>> origins = blocks(d.get("origin"));
        soft.assertThat(origins).extracting(o -> o.get("origin_id")).containsExactly("s3-distribution", "s3-uploads",
                "s3-errors");
        for (Map<String, Object> origin : origins.subList(0, 2)) {
            soft.assertThat(String.valueOf(origin.get("origin_access_control_id"))).as("OAC on %s", origin.get("origin_id"))
                    .isEqualTo("aws_cloudfront_origin_access_control.s3.id");
            soft.assertThat(String.valueOf(origin.get("dynamic"))).as("origin shield on %s", origin.get("origin_id"))
                    .contains("origin_shield", "enabled=true");
        }
        soft.assertAll();
    }

    @Test
    void cacheBehavioursFollowSeed002WithCompressionHttpsAndTheEdgeFunctions() {
        Map<String, Object> d = resource("aws_cloudfront_distribution", "this");
        SoftAssertions soft = new SoftAssertions();
        Map<String, Object> def = map(d, "default_cache_behavior");
        soft.assertThat(def.get("compress")).isEqualTo(true);
        soft.assertThat(def.get("viewer_protocol_policy")).isEqualTo("redirect-to-https");
        soft.assertThat(String.valueOf(def.get("cache_policy_id"))).isEqualTo("aws_cloudfront_cache_policy.static.id");
        soft.assertThat(blocks(def.get("function_association"))).extracting(f -> f.get("event_type") + " " + f.get("function_arn"))
                .containsExactlyInAnyOrder("viewer-request aws_cloudfront_function.routing.arn",
                        "viewer-response aws_cloudfront_function.security_headers.arn");

        List<Map<String, Object>> ordered = new ArrayList<>(blocks(d.get("ordered_cache_behavior")));
        List<Map<String, Object>> dynamic = blocks(map(d, "dynamic").get("ordered_cache_behavior"));
        soft.assertThat(dynamic).hasSize(1);
        Map<String, Object> api = map(dynamic.getFirst(), "content");
        soft.assertThat(dynamic.getFirst().get("for_each").toString()).contains("/api/*");
        ordered.add(api);
        for (Map<String, Object> b : ordered) {
            soft.assertThat(b.get("compress")).as("compress on %s", b.get("path_pattern")).isEqualTo(true);
            soft.assertThat(b.get("viewer_protocol_policy")).as("https on %s", b.get("path_pattern"))
                    .isEqualTo("redirect-to-https");
            if (!"*.html".equals(b.get("path_pattern"))) {
                soft.assertThat(String.valueOf(b.get("function_association"))).as("%s skips the tenant routing",
                        b.get("path_pattern")).doesNotContain("routing");
            }
        }
        soft.assertThat(ordered).extracting(b -> String.valueOf(b.get("path_pattern"))).containsExactly("/data/*",
                "/media/*", "/_errors/*", "/uploads/*", "*.html", "ordered_cache_behavior.value");
        soft.assertThat(ordered).extracting(b -> String.valueOf(b.get("cache_policy_id")))
                .containsExactly("aws_cloudfront_cache_policy.static.id", "aws_cloudfront_cache_policy.static.id",
                        "aws_cloudfront_cache_policy.html.id", "aws_cloudfront_cache_policy.uploads.id",
                        "aws_cloudfront_cache_policy.html.id",
                        "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" /* AWS managed CachingDisabled */);
        soft.assertThat((List<?>) api.get("allowed_methods")).as("/api/* takes every method").hasSize(7);
        int api1 = mainText.indexOf("for_each = var.api_origin_domain == null ? [] : [\"/api/*\"]");
        int data = mainText.indexOf("path_pattern           = \"/data/*\"");
        soft.assertThat(api1 >= 0 && api1 < data).as("CloudFront matches behaviours in order: /api/* first").isTrue();

        soft.assertThat(number(resource("aws_cloudfront_cache_policy", "static").get("default_ttl"))).as("default TTL")
                .isEqualTo(31_536_000);
        soft.assertThat(mainText).contains("one_year = 31536000", "one_hour = 3600", "one_day  = 86400");
        soft.assertThat(number(resource("aws_cloudfront_cache_policy", "html").get("max_ttl"))).as("*.html TTL").isEqualTo(3600);
        soft.assertThat(number(resource("aws_cloudfront_cache_policy", "uploads").get("default_ttl"))).as("/uploads/* TTL").isEqualTo(86400);
        for (String policy : List.of("static", "html", "uploads")) {
            Map<String, Object> keys = map(resource("aws_cloudfront_cache_policy", policy),
                    "parameters_in_cache_key_and_forwarded_to_origin");
            soft.assertThat(keys.get("enable_accept_encoding_gzip")).as("gzip in %s", policy).isEqualTo(true);
            soft.assertThat(keys.get("enable_accept_encoding_brotli")).as("brotli in %s", policy).isEqualTo(true);
            soft.assertThat(map(keys, "query_strings_config").get("query_string_behavior"))
                    .as("query strings of %s", policy).isEqualTo(policy.equals("uploads") ? "all" : "none");
        }
        soft.assertAll();
    }

    /** Issue 14 #7: error pages come from their own origin (another bucket, another region), not the content one. */
    @Test
    void customErrorPagesFor404500And503ComeFromAnOriginThatSurvivesTheContentOrigin() {
        Map<String, Object> d = resource("aws_cloudfront_distribution", "this");
        Set<String> pages = new TreeSet<>();
        blocks(d.get("custom_error_response")).forEach(e -> pages.add((int) number(e.get("error_code")) + " "
                + e.get("response_page_path")));
        assertThat(pages).contains("404 /_errors/404.html", "500 /_errors/500.html", "503 /_errors/503.html");
        Map<String, Object> errorBehaviour = blocks(d.get("ordered_cache_behavior")).stream()
                .filter(b -> "/_errors/*".equals(b.get("path_pattern"))).findFirst()
                .orElseThrow(() -> new AssertionError("no behaviour serves the error pages' path"));
        assertThat(errorBehaviour.get("target_origin_id")).isEqualTo("s3-errors");
        Map<String, Object> errorsOrigin = blocks(d.get("origin")).stream()
                .filter(o -> "s3-errors".equals(o.get("origin_id"))).findFirst().orElseThrow();
        assertThat(String.valueOf(errorsOrigin.get("domain_name")))
                .isEqualTo("aws_s3_bucket.errors.bucket_regional_domain_name");
        assertThat(String.valueOf(resource("aws_s3_bucket", "errors").get("provider")))
                .as("the errors bucket lives apart from the content buckets (us-east-1)").isEqualTo("aws.us_east_1");
        assertThat(resource("aws_s3_bucket", "this")).as("content buckets: the default provider").doesNotContainKey("provider");
    }

    /** Issue 14 #7: /media/* needs a URL signed with the trusted key group of the media-service's public key. */
    @Test
    void mediaPathsRequireSignedUrlsFromTheTrustedKeyGroup() {
        Map<String, Object> media = blocks(resource("aws_cloudfront_distribution", "this").get("ordered_cache_behavior"))
                .stream().filter(b -> "/media/*".equals(b.get("path_pattern"))).findFirst().orElseThrow();
        assertThat(String.valueOf(media.get("trusted_key_groups"))).isEqualTo("[aws_cloudfront_key_group.media.id]");
        assertThat(String.valueOf(resource("aws_cloudfront_key_group", "media").get("items")))
                .isEqualTo("[aws_cloudfront_public_key.media.id]");
        assertThat(String.valueOf(resource("aws_cloudfront_public_key", "media").get("encoded_key")))
                .isEqualTo("var.media_signing_public_key_pem");
        assertThat(map(variables, "variable", "media_signing_public_key_pem")).as("a required variable")
                .doesNotContainKey("default");
    }

    /** Issue 14 #6: the fetcher's source bucket and the builds bucket are created, private like the others. */
    @Test
    void sourceAndBuildsBucketsAreCreatedPrivateAndEncrypted() {
        Map<String, Object> buckets = map(map(main, "locals"), "buckets");
        assertThat(buckets).containsOnlyKeys("distribution", "uploads", "source", "builds");
        assertThat(String.valueOf(buckets.get("source"))).isEqualTo("var.source_bucket_name");
        assertThat(String.valueOf(buckets.get("builds"))).isEqualTo("var.builds_bucket_name");
        for (String r : List.of("aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls",
                "aws_s3_bucket_server_side_encryption_configuration")) {
            // hcl4j resolves local.buckets in place.
            assertThat(String.valueOf(resource(r, "this").get("for_each"))).as(r)
                    .contains("source=var.source_bucket_name", "builds=var.builds_bucket_name", "distribution=", "uploads=");
        }
        assertThat(resource("aws_s3_bucket_public_access_block", "this")).containsEntry("restrict_public_buckets", true)
                .containsEntry("block_public_policy", true);
    }

    @Test
    void s3IsReachableOnlyThroughOriginAccessControl() {
        Map<String, Object> oac = resource("aws_cloudfront_origin_access_control", "s3");
        assertThat(oac).containsEntry("origin_access_control_origin_type", "s3").containsEntry("signing_behavior", "always")
                .containsEntry("signing_protocol", "sigv4");
        Map<String, Object> shared = map(map(main, "data", "aws_iam_policy_document", "cloudfront_reads"), "statement");
        assertThat(String.valueOf(shared.get("actions"))).isEqualTo("[s3:GetObject]");
        assertThat(map(shared, "condition")).containsEntry("variable", "AWS:SourceArn").containsEntry("test", "StringEquals");
        assertThat(String.valueOf(map(shared, "condition").get("values")))
                .isEqualTo("[aws_cloudfront_distribution.this.arn, aws_cloudfront_multitenant_distribution.tenants.arn]");
        for (String bucket : List.of("errors", "logs")) {
            assertThat(resource("aws_s3_bucket_public_access_block", bucket)).as(bucket)
                    .containsEntry("restrict_public_buckets", true).containsEntry("block_public_policy", true);
        }
    }

    /**
     * Issue 14 #3: the individual distributions the dns-service creates (ARNs unknown until run time, origin path
     * edgeplane.dns.individual.origin-path) may read the distribution bucket under that path: an ArnLike on the
     * account's distribution/* ARNs, resources under the path's fixed prefix.
     */
    @Test
    void bucketPolicyAdmitsTheIndividualDistributionsTheDnsServiceCreates() {
        Map<String, Object> doc = map(main, "data", "aws_iam_policy_document", "cloudfront_reads");
        // hcl4j prints aws_s3_bucket.this["distribution"] as aws_s3_bucket.this.value: check it in the text too.
        assertThat(String.valueOf(doc.get("for_each")).replace(" ", ""))
                .contains("distribution={bucket=aws_s3_bucket.this.value.arn,individual=true}")
                .contains("uploads={bucket=aws_s3_bucket.this.value.arn,individual=false}");
        assertThat(mainText).contains("distribution = { bucket = aws_s3_bucket.this[\"distribution\"].arn, individual = true }");
        Map<String, Object> dyn = map(map(doc, "dynamic"), "statement");
        Map<String, Object> content = map(dyn, "content");
        assertThat(map(content, "condition")).containsEntry("test", "ArnLike").containsEntry("variable", "AWS:SourceArn");
        assertThat(String.valueOf(map(content, "condition").get("values"))).isEqualTo("[statement.value]");
        assertThat(String.valueOf(dyn.get("for_each"))).as("hcl4j resolves local.individual_distribution_arns")
                .contains("arn:aws:cloudfront::data.aws_caller_identity.current.account_id:distribution/*");
        Map<String, Object> locals = map(main, "locals");
        assertThat(String.valueOf(locals.get("individual_distribution_arns")))
                .isEqualTo("arn:aws:cloudfront::data.aws_caller_identity.current.account_id:distribution/*");
        assertThat(map(main, "data", "aws_caller_identity", "current")).isNotNull();
        assertThat(String.valueOf(content.get("resources"))).contains("/tenants/*");

        // The dns-service's origin path (prod config or DnsConfig's default) lies under the admitted prefix.
        String originPath = ProductionSettingsTest.prodEnv("dns-service").getOrDefault("EDGEPLANE_DNS_INDIVIDUAL_ORIGIN_PATH",
                ProductionSettingsTest.dnsDefault("originPath"));
        String key = originPath.replace("{tenantId}", "acme").replaceFirst("^/", "") + "/index.html";
        assertThat(key).as("object key an individual distribution reads")
                .startsWith(String.valueOf(locals.get("individual_origin_prefix")));
    }

    @Test
    void edgeFunctionsComeFromTheRepositoryFilesAndRoutingIsAssociatedWithTheKeyValueStore() {
        Map<String, Object> routing = resource("aws_cloudfront_function", "routing");
        assertThat(routing.get("runtime")).isEqualTo("cloudfront-js-2.0");
        assertThat(mainText).contains("code                         = local.routing_function_code")
                .contains("code     = file(local.security_headers_function_file)")
                .contains("code     = file(local.spa_routing_function_file)")
                .contains("key_value_store_associations = [aws_cloudfront_key_value_store.tenants.arn]");
        Path functions = Repo.path("edge-functions");
        Matcher defaults = Pattern.compile("edge-functions/([\\w./-]+\\.js)").matcher(mainText);
        int found = 0;
        while (defaults.find()) {
            found++;
            assertThat(functions.resolve(defaults.group(1))).as("function file the module references").exists();
        }
        assertThat(found).as("default function files").isEqualTo(3);
    }

    @Test
    void seedAlarmsWatchCacheHitRateAndFiveHundredsAndEveryVariableIsDeclared() {
        Map<String, Object> hit = resource("aws_cloudwatch_metric_alarm", "cache_hit_rate");
        Map<String, Object> errors = resource("aws_cloudwatch_metric_alarm", "error_rate_5xx");
        assertThat(hit).containsEntry("metric_name", "CacheHitRate").containsEntry("comparison_operator", "LessThanThreshold")
                .containsEntry("namespace", "AWS/CloudFront");
        assertThat(errors).containsEntry("metric_name", "5xxErrorRate")
                .containsEntry("comparison_operator", "GreaterThanThreshold");
        Map<String, Object> declared = map(variables, "variable");
        assertThat(number(map(declared, "cache_hit_rate_threshold").get("default"))).isEqualTo(80);
        assertThat(number(map(declared, "error_rate_5xx_threshold").get("default"))).isEqualTo(5);
        Matcher used = Pattern.compile("var\\.([a-z0-9_]+)").matcher(mainText);
        Set<String> undeclared = new TreeSet<>();
        while (used.find()) {
            if (!declared.containsKey(used.group(1))) {
                undeclared.add(used.group(1));
            }
        }
        Matcher usedByTenants = Pattern.compile("var\\.([a-z0-9_]+)").matcher(multitenantText);
        while (usedByTenants.find()) {
            if (!declared.containsKey(usedByTenants.group(1))) {
                undeclared.add(usedByTenants.group(1));
            }
        }
        assertThat(undeclared).as("variables used in main.tf or multitenant.tf but not declared").isEmpty();
        assertThat(resource("aws_cloudfront_monitoring_subscription", "this")).isNotNull();
    }

    // ---- CloudFront SaaS Manager (issue 17 #7): the multi-tenant distribution and its connection group

    static Map<String, Object> tenantsDistribution() {
        return map(multitenant, "resource", "aws_cloudfront_multitenant_distribution", "tenants");
    }

    /** What a behaviour does, comparable across the two resources' schemas (ordered_cache_behavior with flat
     *  allowed_methods vs cache_behavior with an allowed_methods block; trusted key groups as list vs block). The
     *  tenant origin (below {{originPath}}) stands where the shared distribution reads the bucket's tenants. */
    static String behaviour(Map<String, Object> b, boolean multiTenant) {
        Object methods = b.get("allowed_methods");
        Object trusted = b.get("trusted_key_groups");
        if (multiTenant) {
            methods = methods == null ? null : map(methods).get("items");
            trusted = trusted == null ? null : map(trusted).get("items");
        }
        String origin = resolve(b.get("target_origin_id"));
        if (multiTenant && origin.equals("s3-tenant")) {
            origin = "s3-distribution";
        }
        TreeSet<String> functions = new TreeSet<>();
        blocks(b.get("function_association")).forEach(f -> functions.add(f.get("event_type") + " " + f.get("function_arn")));
        return "origin=" + origin + " cache=" + resolve(b.get("cache_policy_id")) + " request="
                + resolve(b.get("origin_request_policy_id"))
                + " compress=" + b.get("compress") + " https=" + b.get("viewer_protocol_policy") + " methods="
                + new TreeSet<>(String.valueOf(methods).replaceAll("[\\[\\] ]", "").lines()
                        .flatMap(l -> java.util.Arrays.stream(l.split(","))).toList())
                + " keys=" + trusted + " functions=" + functions;
    }

    /** error code, response code (a number on one resource, a string on the other), page, TTL. */
    static String errorPage(Map<String, Object> e) {
        return (int) number(e.get("error_code")) + " " + (int) Double.parseDouble(String.valueOf(e.get("response_code")))
                + " " + resolve(e.get("response_page_path")) + " " + (int) number(e.get("error_caching_min_ttl"));
    }

    /** hcl4j resolves a file's own locals only: multitenant.tf's references to main.tf's locals, resolved. */
    static String resolve(Object value) {
        Map<String, Object> locals = map(main, "locals");
        Matcher m = Pattern.compile("local\\.([a-z0-9_]+)").matcher(String.valueOf(value));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object local = locals.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(local instanceof String str ? str : m.group()));
        }
        return m.appendTail(out).toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    /** Path pattern -> behaviour, the default as "default", the dynamic /api/* as "/api/*". */
    static Map<String, String> behaviours(Map<String, Object> distribution, String orderedKey, boolean multiTenant) {
        Map<String, String> out = new java.util.TreeMap<>();
        out.put("default", behaviour(map(distribution, "default_cache_behavior"), multiTenant));
        blocks(distribution.get(orderedKey)).forEach(b -> out.put(resolve(b.get("path_pattern")), behaviour(b,
                multiTenant)));
        for (Map<String, Object> dyn : blocks(map(distribution, "dynamic").get(orderedKey))) {
            assertThat(String.valueOf(dyn.get("for_each"))).contains("/api/*");
            out.put("/api/*", behaviour(map(dyn, "content"), multiTenant));
        }
        return out;
    }

    @Test
    void multiTenantDistributionHasTheSharedDistributionsBehavioursPoliciesFunctionsAndErrorPages() {
        Map<String, Object> shared = resource("aws_cloudfront_distribution", "this");
        Map<String, Object> tenants = tenantsDistribution();
        Map<String, String> expected = behaviours(shared, "ordered_cache_behavior", false);
        Map<String, String> actual = behaviours(tenants, "cache_behavior", true);
        assertThat(expected).as("the shared distribution's behaviours").containsKeys("default", "/data/*", "/media/*",
                "/_errors/*", "/uploads/*", "*.html", "/api/*");
        assertThat(actual).as("same path patterns, origins, cache/origin-request policies, methods, key groups and "
                + "function resources as the shared distribution").isEqualTo(expected);
        assertThat(multitenantText.indexOf("for_each = var.api_origin_domain == null ? [] : [\"/api/*\"]"))
                .as("/api/* first, as on the shared distribution")
                .isBetween(0, multitenantText.indexOf("path_pattern           = \"/data/*\""));

        TreeSet<String> sharedErrors = new TreeSet<>();
        blocks(shared.get("custom_error_response")).forEach(e -> sharedErrors.add(errorPage(e)));
        TreeSet<String> tenantErrors = new TreeSet<>();
        blocks(tenants.get("custom_error_response")).forEach(e -> tenantErrors.add(errorPage(e)));
        assertThat(tenantErrors).as("custom error pages").hasSize(4).isEqualTo(sharedErrors);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(tenants.get("http_version")).isEqualTo("http2and3");
        soft.assertThat(tenants.get("default_root_object")).isEqualTo(shared.get("default_root_object"));
        soft.assertThat(multitenantText).contains("web_acl_id          = local.web_acl_id");
        soft.assertThat(String.valueOf(map(tenants, "viewer_certificate").get("acm_certificate_arn")))
                .isEqualTo(String.valueOf(map(shared, "viewer_certificate").get("acm_certificate_arn")));
        soft.assertThat(map(tenants, "viewer_certificate").get("minimum_protocol_version")).isEqualTo("TLSv1.2_2021");
        soft.assertThat(multitenant).as("the policies and functions are main.tf's, not copies")
                .doesNotContainKey("data");
        Map<String, Object> declared = map(multitenant, "resource");
        soft.assertThat(declared.keySet()).containsExactlyInAnyOrder("aws_cloudfront_multitenant_distribution",
                "aws_cloudfront_connection_group");
        soft.assertAll();
    }

    @Test
    void multiTenantDistributionReadsEachTenantBelowItsOriginPathParameterThroughOriginAccessControl() {
        Map<String, Object> tenants = tenantsDistribution();
        List<Map<String, Object>> params = blocks(map(tenants, "tenant_config").get("parameter_definition"));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(params).extracting(p -> p.get("name")).containsExactly("tenantId", "originPath");
        for (Map<String, Object> p : params) {
            soft.assertThat(map(map(p, "definition"), "string_schema").get("required")).as("%s required", p.get("name"))
                    .isEqualTo(true);
        }
        List<Map<String, Object>> origins = blocks(tenants.get("origin"));
        soft.assertThat(origins).extracting(o -> resolve(o.get("id"))).containsExactly("s3-tenant", "s3-distribution",
                "s3-uploads", "s3-errors");
        for (Map<String, Object> origin : origins) {
            soft.assertThat(String.valueOf(origin.get("origin_access_control_id"))).as("OAC on %s", origin.get("id"))
                    .isEqualTo("aws_cloudfront_origin_access_control.s3.id");
        }
        Map<String, Object> tenantOrigin = origins.getFirst();
        soft.assertThat(String.valueOf(tenantOrigin.get("domain_name")))
                .isEqualTo(String.valueOf(blocks(resource("aws_cloudfront_distribution", "this").get("origin")).getFirst()
                        .get("domain_name")));
        soft.assertThat(map(multitenant, "locals").get("tenant_origin_path")).as("SaaS Manager parameter syntax")
                .isEqualTo("{{originPath}}");
        soft.assertThat(multitenantText).contains("origin_path              = local.tenant_origin_path");
        soft.assertThat(origins.subList(1, origins.size())).as("/data/*, /media/*, uploads, errors: no tenant root")
                .allMatch(o -> !o.containsKey("origin_path"));
        // hcl4j cannot evaluate merge(local.tags, …) across files: the tag is checked in the text.
        soft.assertThat(multitenantText).contains("tags                = merge(local.tags, { \"edgeplane:managed\" = \"true\", "
                + "\"edgeplane:role\" = \"multi-tenant\" })");
        soft.assertThat(String.valueOf(resource("aws_cloudfront_distribution", "this").get("tags")))
                .as("the shared distribution is Terraform's, not the dns-service's to change").doesNotContain("edgeplane:managed");
        // The routed URI is relative to the origin path: the function's prefix is the origin path's.
        String function = Repo.read(Repo.path("edge-functions/src/tenant-routing.js"));
        soft.assertThat(function).contains("prefix: '/tenants/'", "parameterOf(dt, 'tenantId')", "parameterOf(dt, 'originPath')");
        soft.assertAll();
    }

    @Test
    void connectionGroupEdgeplaneTenantsHasIpv6AndTheModuleOutputsWhatTheDnsServiceNeeds() {
        Map<String, Object> group = map(multitenant, "resource", "aws_cloudfront_connection_group", "tenants");
        assertThat(group).containsEntry("ipv6_enabled", true).containsEntry("enabled", true);
        assertThat(String.valueOf(group.get("name"))).isEqualTo("var.connection_group_name");
        assertThat(map(variables, "variable", "connection_group_name").get("default")).isEqualTo("edgeplane-tenants");
        assertThat(multitenantText).contains("tags         = merge(local.tags, { \"edgeplane:managed\" = \"true\", "
                + "\"edgeplane:role\" = \"connection-group\" })");
        Map<String, Object> out = map(outputs, "output");
        assertThat(String.valueOf(map(out, "connection_group_routing_endpoint").get("value")))
                .isEqualTo("aws_cloudfront_connection_group.tenants.routing_endpoint");
        assertThat(String.valueOf(map(out, "multitenant_distribution_id").get("value")))
                .isEqualTo("aws_cloudfront_multitenant_distribution.tenants.id");
        String versions = Repo.read(Repo.path(MODULE + "/versions.tf"));
        Matcher v = Pattern.compile("(?<![_a-z])version\\s*=\\s*\">= (\\d+)\\.(\\d+)\\.\\d+\"").matcher(versions);
        assertThat(v.find()).as("a minimum AWS provider version").isTrue();
        assertThat(Integer.parseInt(v.group(1)) * 1000 + Integer.parseInt(v.group(2)))
                .as("6.29+: multi-tenant distribution and connection group with origin access control").isGreaterThanOrEqualTo(6029);
    }

    @Test
    void theRoutingFunctionCarriesTheCloudfrontImportInBothModes() {
        assertThat(mainText).contains("routing_function_code = format(\"%s%s\", local.cloudfront_import,")
                .contains("cloudfront_import = \"import cf from 'cloudfront';\\n\"");
        assertThat(Repo.read(Repo.path("edge-functions/render.js")))
                .contains("const CLOUDFRONT_IMPORT = \"import cf from 'cloudfront';\\n\";");
    }
}

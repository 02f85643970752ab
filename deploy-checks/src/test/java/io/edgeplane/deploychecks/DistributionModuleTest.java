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
    static String mainText;

    @BeforeAll
    static void parse() throws Exception {
        main = new HCLParser().parse(Repo.path(MODULE + "/main.tf").toFile(), "UTF-8");
        variables = new HCLParser().parse(Repo.path(MODULE + "/variables.tf").toFile(), "UTF-8");
        new HCLParser().parse(Repo.path(MODULE + "/outputs.tf").toFile(), "UTF-8");
        new HCLParser().parse(Repo.path(MODULE + "/versions.tf").toFile(), "UTF-8");
        mainText = Repo.read(Repo.path(MODULE + "/main.tf"));
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
        soft.assertThat(origins).hasSize(2);
        for (Map<String, Object> origin : origins) {
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
        soft.assertThat(dynamic).hasSize(2);
        Map<String, Object> api = dynamic.stream().filter(b -> b.get("for_each").toString().contains("/api/*"))
                .findFirst().orElseThrow();
        Map<String, Object> unrouted = dynamic.stream().filter(b -> b.get("for_each").toString().contains("/data/*"))
                .findFirst().orElseThrow();
        soft.assertThat(unrouted.get("for_each").toString()).contains("/media/*");
        ordered.add(map(unrouted, "content"));
        ordered.add(map(api, "content"));
        for (Map<String, Object> b : ordered) {
            soft.assertThat(b.get("compress")).as("compress on %s", b.get("path_pattern")).isEqualTo(true);
            soft.assertThat(b.get("viewer_protocol_policy")).as("https on %s", b.get("path_pattern"))
                    .isEqualTo("redirect-to-https");
        }
        soft.assertThat(ordered).extracting(b -> String.valueOf(b.get("cache_policy_id")))
                .containsExactly("aws_cloudfront_cache_policy.uploads.id", "aws_cloudfront_cache_policy.html.id",
                        "aws_cloudfront_cache_policy.static.id",
                        "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" /* AWS managed CachingDisabled */);
        soft.assertThat(ordered.get(0).get("path_pattern")).isEqualTo("/uploads/*");
        soft.assertThat(ordered.get(1).get("path_pattern")).isEqualTo("*.html");
        soft.assertThat((List<?>) ordered.get(3).get("allowed_methods")).as("/api/* takes every method").hasSize(7);
        soft.assertThat(String.valueOf(ordered.get(2).get("function_association"))).as("/data/* and /media/* skip "
                + "the tenant routing").doesNotContain("routing");
        int api1 = mainText.indexOf("for_each = var.api_origin_domain == null ? [] : [\"/api/*\"]");
        int data = mainText.indexOf("for_each = [\"/data/*\", \"/media/*\"]");
        int uploads = mainText.indexOf("path_pattern           = \"/uploads/*\"");
        int html = mainText.indexOf("path_pattern           = \"*.html\"");
        soft.assertThat(api1 < data && data < uploads && uploads < html)
                .as("CloudFront matches behaviours in order: /api/*, /data/* /media/*, /uploads/*, then *.html").isTrue();

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

    @Test
    void customErrorPagesFor404500And503() {
        List<Map<String, Object>> errors = blocks(resource("aws_cloudfront_distribution", "this").get("custom_error_response"));
        Set<String> pages = new TreeSet<>();
        errors.forEach(e -> pages.add((int) number(e.get("error_code")) + " " + e.get("response_page_path")));
        assertThat(pages).contains("404 /404.html", "500 /500.html", "503 /503.html");
    }

    @Test
    void s3IsReachableOnlyThroughOriginAccessControlFromThisDistribution() {
        Map<String, Object> oac = resource("aws_cloudfront_origin_access_control", "s3");
        assertThat(oac).containsEntry("origin_access_control_origin_type", "s3").containsEntry("signing_behavior", "always")
                .containsEntry("signing_protocol", "sigv4");
        Map<String, Object> statement = map(map(main, "data", "aws_iam_policy_document", "cloudfront_reads"), "statement");
        assertThat(String.valueOf(statement.get("actions"))).isEqualTo("[s3:GetObject]");
        assertThat(map(statement, "condition")).containsEntry("variable", "AWS:SourceArn");
        assertThat(String.valueOf(map(statement, "condition").get("values"))).isEqualTo("[aws_cloudfront_distribution.this.arn]");
        for (String bucket : List.of("distribution", "uploads", "logs")) {
            assertThat(resource("aws_s3_bucket_public_access_block", bucket)).as(bucket)
                    .containsEntry("restrict_public_buckets", true).containsEntry("block_public_policy", true);
        }
    }

    @Test
    void edgeFunctionsComeFromTheRepositoryFilesAndRoutingIsAssociatedWithTheKeyValueStore() {
        Map<String, Object> routing = resource("aws_cloudfront_function", "routing");
        assertThat(routing.get("runtime")).isEqualTo("cloudfront-js-2.0");
        assertThat(mainText).contains("code                         = file(local.routing_function_file)")
                .contains("code     = file(local.security_headers_function_file)")
                .contains("key_value_store_associations = [aws_cloudfront_key_value_store.tenants.arn]");
        Path functions = Repo.path("edge-functions");
        Repo.require(Files.isDirectory(functions), "edge-functions/ (the dns-service's CloudFront Functions) not written yet");
        Matcher defaults = Pattern.compile("edge-functions/([\\w./-]+\\.js)").matcher(mainText);
        int found = 0;
        while (defaults.find()) {
            found++;
            assertThat(functions.resolve(defaults.group(1))).as("function file the module references").exists();
        }
        assertThat(found).as("default function files").isEqualTo(2);
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
        assertThat(undeclared).as("variables used in main.tf but not declared").isEmpty();
        assertThat(resource("aws_cloudfront_monitoring_subscription", "this")).isNotNull();
    }
}

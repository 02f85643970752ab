package io.edgeplane.dns.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.platform.health.RequiredSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.quarkus.runtime.configuration.DurationConverter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dns-service's shipped configuration: production-required settings have no built-in value, so a line missing
 * from the deployment leaves the service unready naming it (the readiness list of %prod), while the local stack and
 * the tests keep theirs in their profiles.
 */
class ProductionDefaultsTest {
    private static final List<String> REQUIRED_WITHOUT_DEFAULT = List.of("edgeplane.dns.shared.distribution-id",
            "edgeplane.dns.shared.domain-name", "edgeplane.dns.saas.distribution-id", "edgeplane.dns.individual.certificate-arn",
            "edgeplane.dns.individual.origin-access-control-id", "edgeplane.dns.individual.origin-domain",
            "edgeplane.dns.individual.viewer-request-function-arn",
            "edgeplane.dns.individual.viewer-response-function-arn");

    private static SmallRyeConfig shipped(String profile) throws IOException {
        return new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        ProductionDefaultsTest.class.getResource("/application.properties"), 250))
                .withConverter(Duration.class, 100, new DurationConverter()) // "20s", as Quarkus reads it
                .withMapping(DnsConfig.class).build();
    }

    private static List<String> problems(SmallRyeConfig config) {
        return RequiredSettings.problems(config.getValues("edgeplane.readiness.required", String.class),
                name -> config.getOptionalValue(name, String.class), RequiredSettings.DEFAULT_PLACEHOLDER);
    }

    @Test
    void withNothingSetInProductionEveryRequiredSettingIsNamed() throws IOException {
        SmallRyeConfig prod = shipped("prod");
        assertThat(prod.getValues("edgeplane.readiness.required", String.class))
                .containsAll(REQUIRED_WITHOUT_DEFAULT);
        List<String> problems = problems(prod);
        for (String name : REQUIRED_WITHOUT_DEFAULT) {
            assertThat(problems).as("readiness problems").anyMatch(p -> p.startsWith(name + " "));
        }
        assertThat(prod.getConfigMapping(DnsConfig.class).zones()).as("no built-in hosted zone").isEmpty();
    }

    @Test
    void theLocalStackAndTheTestsKeepTheirStandIns() throws IOException {
        for (String profile : List.of("local", "test")) {
            DnsConfig dns = shipped(profile).getConfigMapping(DnsConfig.class);
            assertThat(dns.shared().distributionId()).as(profile).isEqualTo("E1EDGEPLANE0001");
            assertThat(dns.shared().domainName()).as(profile).isEqualTo("d1edgeplane0001.cloudfront.net");
            assertThat(dns.individual().originAccessControlId()).as(profile).isEqualTo("E1EDGEPLANEOAC");
            assertThat(dns.zones()).as(profile).hasSize(1);
            assertThat(dns.saas().distributionId()).as(profile).isEqualTo("E1EDGEPLANEMT01");
            assertThat(dns.saas().maxTenants()).as(profile).isEqualTo(10_000);
            assertThat(dns.saas().maxDomainsPerTenant()).as(profile).isEqualTo(100);
        }
    }
}

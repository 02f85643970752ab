package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.platform.health.RequiredSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZoneMapSettingsTest {
    @Test
    void anEmptyMapNamesTheSettingAndHowToSetIt() {
        assertThat(ZoneMapSettings.problems(Map.of(), RequiredSettings.DEFAULT_PLACEHOLDER)).singleElement()
                .asString().contains("edgeplane.dns.zones is empty", "edgeplane.dns.zones.\"<base domain>\"");
    }

    @Test
    void placeholderZoneIdsAndBaseDomainsAreNamedEntryByEntry() {
        assertThat(ZoneMapSettings.problems(Map.of("example.com", "REPLACE_ME", "REPLACE_ME.example", "Z123",
                "ok.example", "Z0123456789ABCDEFGHIJ", "blank.example", " "), RequiredSettings.DEFAULT_PLACEHOLDER))
                .containsExactly("edgeplane.dns.zones.\"REPLACE_ME.example\": the base domain is the placeholder"
                        + " 'REPLACE_ME.example'", "edgeplane.dns.zones.\"blank.example\" is not set",
                        "edgeplane.dns.zones.\"example.com\" still holds the placeholder 'REPLACE_ME'");
    }

    @Test
    void aRealMapHasNoProblems() {
        assertThat(ZoneMapSettings.problems(Map.of("edgeplane.test", "Z0EDGEPLANETEST"),
                RequiredSettings.DEFAULT_PLACEHOLDER)).isEmpty();
    }
}

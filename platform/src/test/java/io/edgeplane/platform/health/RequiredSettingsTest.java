package io.edgeplane.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequiredSettingsTest {
    private static List<String> problems(Map<String, String> config, String... required) {
        return RequiredSettings.problems(List.of(required), k -> Optional.ofNullable(config.get(k)),
                RequiredSettings.DEFAULT_PLACEHOLDER);
    }

    @Test
    void realValuesPass() {
        assertThat(problems(Map.of("a.zone", "Z04517273VCLIKJ1B4HJD", "a.cert",
                "arn:aws:acm:us-east-1:210987654321:certificate/9f1c2a7e"), "a.zone", "a.cert")).isEmpty();
    }

    @Test
    void absentAndBlankSettingsAreNamed() {
        assertThat(problems(Map.of("a.blank", "  "), "a.absent", "a.blank"))
                .containsExactly("a.absent is not set", "a.blank is not set");
    }

    @Test
    void placeholdersCountAsMissing() {
        assertThat(problems(Map.of(
                "a", "REPLACE_ME",
                "b", "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                "c", "<hosted-zone-id>",
                "d", "placeholder-zone-id",
                "e", "change-me",
                "f", "arn:aws:cloudfront::111122223333:key-value-store/00000000-0000-0000-0000-000000000000",
                "g", "arn:aws:cloudfront::210987654321:key-value-store/00000000-0000-0000-0000-000000000000",
                "h", "arn:aws:acm:us-east-1:000000000000:certificate/edgeplane-wildcard"),
                "a", "b", "c", "d", "e", "f", "g", "h"))
                .hasSize(8)
                .allSatisfy(p -> assertThat(p).contains("placeholder"));
    }
}

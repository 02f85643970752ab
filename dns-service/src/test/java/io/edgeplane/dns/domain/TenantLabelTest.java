package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TenantLabelTest {
    private final TenantLabel labels = new TenantLabel(Set.of("www", "api", "admin"));

    @ParameterizedTest(name = "[{index}] ''{0}'' under {1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            acme                | example.com  | ok                 | acme.example.com
            Acme                | example.com  | ok                 | acme.example.com
            a                   | example.com  | ok                 | a.example.com
            a1-b2               | example.com  | ok                 | a1-b2.example.com
            123                 | example.com  | ok                 | 123.example.com
            acme                | Example.COM. | ok                 | acme.example.com
            bücher              | example.com  | ok                 | xn--bcher-kva.example.com
            xn--bcher-kva       | example.com  | ok                 | xn--bcher-kva.example.com
            münchen-café        | example.com  | ok                 | xn--mnchen-caf-k7a2t.example.com
            ''                  | example.com  | label-empty        | NULL
            NULL                | example.com  | label-empty        | NULL
            acme_               | example.com  | label-syntax       | NULL
            ac me               | example.com  | label-syntax       | NULL
            a.b                 | example.com  | label-syntax       | NULL
            ab--cd              | example.com  | label-syntax       | NULL
            -acme               | example.com  | label-hyphen       | NULL
            acme-               | example.com  | label-hyphen       | NULL
            xn--zz              | example.com  | idn                | NULL
            xn--acme-9db        | example.com  | idn                | NULL
            xn--a-ecp           | example.com  | idn                | NULL
            straße              | example.com  | ok                 | xn--strae-oqa.example.com
            日本語ひらがな          | example.com  | ok                 | xn--v8j0cwa6g1563acvb2w6i.example.com
            асе                 | example.com  | ok                 | xn--80ak9a.example.com
            xn--80ak9a          | example.com  | ok                 | xn--80ak9a.example.com
            асme                | example.com  | mixed-script       | NULL
            xn--me-6kc2e        | example.com  | mixed-script       | NULL
            日本語abc             | example.com  | mixed-script       | NULL
            ӓcme                | example.com  | mixed-script       | NULL
            www                 | example.com  | reserved-label     | NULL
            WWW                 | example.com  | reserved-label     | NULL
            admin               | example.com  | reserved-label     | NULL
            acme                | example      | base-domain-syntax | NULL
            acme                | exa_mple.com | base-domain-syntax | NULL
            acme                | NULL         | base-domain-syntax | NULL
            """)
    void labelRules(String subdomain, String base, String expected, String fqdn) {
        TenantLabel.Verdict verdict = labels.check(subdomain, base);
        if ("ok".equals(expected)) {
            assertThat(verdict.violation()).isNull();
            assertThat(verdict.hostname().fqdn()).isEqualTo(fqdn);
        } else {
            assertThat(verdict.ok()).isFalse();
            assertThat(verdict.violation().rule()).isEqualTo(expected);
            assertThat(verdict.violation().reason()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "label of {0} characters -> {1}")
    @CsvSource({"63, ok", "64, label-length"})
    void labelLengthLimitIs63(int length, String expected) {
        TenantLabel.Verdict verdict = labels.check("a".repeat(length), "example.com");
        assertThat(verdict.ok() ? "ok" : verdict.violation().rule()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "full name of {0} characters -> {1}")
    @CsvSource({"253, ok", "254, name-length"})
    void fullNameLimitIs253(int total, String expected) {
        // base of 4 labels of 60 characters = 243 characters; label fills up to the total (plus the dot)
        String base = String.join(".", "b".repeat(60), "c".repeat(60), "d".repeat(60), "e".repeat(60)) + ".com";
        int labelLength = total - base.length() - 1;
        TenantLabel.Verdict verdict = labels.check("a".repeat(labelLength), base);
        assertThat(verdict.ok() ? "ok" : verdict.violation().rule()).isEqualTo(expected);
    }

    /** Existing tenants: acme and ace (ASCII), аррӏе (Cyrillic, IDN) under example.com; paypal under other.org. */
    private static final TenantLabel.LookAlikes EXISTING = (base, skeleton, idnOnly) -> {
        java.util.Map<String, String> ascii = java.util.Map.of("example.com|" + TenantLabel.skeleton("acme"), "t-acme",
                "example.com|" + TenantLabel.skeleton("ace"), "t-ace", "other.org|" + TenantLabel.skeleton("paypal"),
                "t-paypal");
        String idn = "example.com|" + TenantLabel.skeleton("xn--80ak6aa92e");
        String key = base + "|" + skeleton;
        return key.equals(idn) ? "t-apple-cyrillic" : idnOnly ? null : ascii.get(key);
    };

    @ParameterizedTest(name = "[{index}] ''{0}'' under {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            асме           | example.com | ok
            асme           | example.com | confusable
            асе            | example.com | confusable
            xn--80ak9a     | example.com | confusable
            асе            | other.org   | ok
            apple          | example.com | ok
            appie          | example.com | confusable
            acme           | example.com | ok
            acrne          | example.com | ok
            paypa1         | other.org   | ok
            bücher         | example.com | ok
            """)
    void confusableWithAnExistingTenant(String subdomain, String base, String expected) {
        TenantLabel.Verdict verdict = labels.check(subdomain, base, EXISTING);
        assertThat(verdict.ok() ? "ok" : verdict.violation().rule()).isEqualTo(expected);
        if (!verdict.ok()) {
            assertThat(verdict.violation().reason()).contains("tenant t-");
        }
    }

    @ParameterizedTest
    @CsvSource({"acme_, position 5", "ac me, position 3"})
    void syntaxReasonNamesTheCharacterAndPosition(String label, String fragment) {
        assertThat(labels.check(label, "example.com").violation().reason()).contains(fragment);
    }
}

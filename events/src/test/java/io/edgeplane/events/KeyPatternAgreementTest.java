package io.edgeplane.events;

import static io.edgeplane.events.ContractSchemas.schemaNode;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schemas' regexes for object keys and viewer paths say what {@link Constraints#objectKey} and
 * {@link Constraints#viewerPath} decide, checked on every string of up to 7 characters over the characters
 * those rules care about, plus the id-like patterns on a table of near misses.
 */
class KeyPatternAgreementTest {
    private static final char[] ALPHABET = {'a', '.', '/', '*', '\\', '\n'};
    private static final int MAX_LENGTH = 7;

    static String objectKeyPattern() {
        return schemaNode(EventType.DATA_FETCHED).at("/$defs/FetchedFile/properties/key/pattern").asText();
    }

    static String prefixPattern() {
        return schemaNode(EventType.DATA_FETCHED).at("/properties/prefix/pattern").asText();
    }

    static String viewerPathPattern() {
        return schemaNode(EventType.FILES_DISTRIBUTED).at("/properties/changedPaths/items/pattern").asText();
    }

    @Test
    void objectKeyPatternAgreesWithConstraints() {
        assertAgreement(objectKeyPattern(), key -> new Constraints().objectKey("key", key).ok());
    }

    @Test
    void prefixPatternAgreesWithDataFetched() {
        // DataFetched.prefix: required, may be empty, otherwise an object key.
        assertAgreement(prefixPattern(), prefix -> prefix.isEmpty() || new Constraints().objectKey("p", prefix).ok());
    }

    @Test
    void viewerPathPatternAgreesWithConstraints() {
        assertAgreement(viewerPathPattern(), path -> new Constraints().viewerPath("path", path).ok());
    }

    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ID              | acme                | true
            ID              | a.b_c-d             | true
            ID              | -acme               | false
            ID              | .hidden             | false
            ID              | a/b                 | false
            ID              | acme\\n             | false
            ID              | ''                  | false
            DISTRIBUTION_ID | E1234567890ABC      | true
            DISTRIBUTION_ID | e1234567890abc      | false
            DISTRIBUTION_ID | E123456             | false
            DISTRIBUTION_ID | E123456789012345678901 | false
            BUCKET          | aws-data-fetcher-output | true
            BUCKET          | www.example.com     | true
            BUCKET          | ab                  | false
            BUCKET          | Upper-Case          | false
            BUCKET          | trailing-           | false
            SHA256          | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 | true
            SHA256          | 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08 | false
            SHA256          | 9f86d0                | false
            """)
    void idLikeSchemaPatternsMatchWhatConstraintsMatch(String rule, String value, boolean valid) throws Exception {
        String text = value.replace("\\n", "\n");
        Pattern java = (Pattern) Constraints.class.getField(rule).get(null);
        Pattern schema = Pattern.compile(ContractSchemas.ecmaToJava("^" + java.pattern() + "$"));

        assertThat(java.matcher(text).matches()).isEqualTo(valid);
        assertThat(schema.matcher(text).find()).isEqualTo(valid);
    }

    @Test
    void ecmaAnchorsDoNotAcceptATrailingLineBreak() {
        // Guards the translation the other tests rely on: in java.util.regex '$' alone would accept "a\n".
        Pattern pattern = Pattern.compile(ContractSchemas.ecmaToJava("^a$"));
        assertThat(pattern.matcher("a").find()).isTrue();
        assertThat(pattern.matcher("a\n").find()).isFalse();
        assertThat(ContractSchemas.ecmaToJava("^[$]\\$$")).isEqualTo("^[$]\\$\\z");
    }

    private static void assertAgreement(String schemaPattern, Predicate<String> java) {
        Pattern schema = Pattern.compile(ContractSchemas.ecmaToJava(schemaPattern));
        List<String> disagreements = new ArrayList<>();
        int[] accepted = {0};
        forEachString("", candidate -> {
            boolean javaOk = java.test(candidate);
            if (javaOk) {
                accepted[0]++;
            }
            if (schema.matcher(candidate).find() != javaOk) {
                disagreements.add(candidate.replace("\n", "\\n") + " (java " + (javaOk ? "accepts" : "rejects") + ")");
            }
        });
        assertThat(disagreements).as("strings on which schema and Java disagree").isEmpty();
        assertThat(accepted[0]).as("a meaningful share of candidates is valid").isGreaterThan(1_000);
    }

    private static void forEachString(String prefix, java.util.function.Consumer<String> action) {
        action.accept(prefix);
        if (prefix.length() < MAX_LENGTH) {
            for (char c : ALPHABET) {
                forEachString(prefix + c, action);
            }
        }
    }
}

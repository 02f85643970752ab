package io.edgeplane.testsupport;

/** The API token the test profile accepts (its SHA-256 is configured in the platform's %test defaults). */
public final class TestTokens {
    public static final String API_TOKEN = "edgeplane-test-token";
    public static final String AUTHORIZATION = "Bearer " + API_TOKEN;

    private TestTokens() {
    }
}

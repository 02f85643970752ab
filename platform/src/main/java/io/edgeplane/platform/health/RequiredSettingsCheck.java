package io.edgeplane.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness refuses while a required production setting is missing or a placeholder, naming each one
 * ({@code edgeplane.readiness.required}, set per service in its {@code %prod} profile). A pod that
 * would fail every event never receives traffic or partitions; {@code kubectl describe} shows why.
 */
@Readiness
@ApplicationScoped
public class RequiredSettingsCheck implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(RequiredSettingsCheck.class);

    @Inject
    Config config;

    /** Property names that must hold a real value before the service may become ready. */
    @ConfigProperty(name = "edgeplane.readiness.required")
    Optional<List<String>> required;

    @ConfigProperty(name = "edgeplane.readiness.placeholder-pattern")
    Optional<String> placeholderPattern;

    private volatile List<String> loggedProblems = List.of();
    private Pattern placeholder;

    @jakarta.annotation.PostConstruct
    void compile() {
        placeholder = placeholderPattern.map(Pattern::compile).orElse(RequiredSettings.DEFAULT_PLACEHOLDER);
    }

    @Override
    public HealthCheckResponse call() {
        List<String> problems = RequiredSettings.problems(required.orElse(List.of()),
                name -> config.getOptionalValue(name, String.class), placeholder);
        if (!problems.equals(loggedProblems)) {
            loggedProblems = problems;
            if (!problems.isEmpty()) {
                LOG.errorf("Not ready: required settings missing: %s", String.join("; ", problems));
            }
        }
        var response = HealthCheckResponse.named("required-settings").status(problems.isEmpty());
        for (int i = 0; i < problems.size(); i++) {
            response.withData("missing-" + (i + 1), problems.get(i));
        }
        return response.build();
    }
}

package io.edgeplane.platform.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Who may call mutating REST endpoints. */
@ConfigMapping(prefix = "edgeplane.security")
public interface ApiTokenConfig {
    /**
     * SHA-256 hex digests of the accepted API tokens (e.g. from a Kubernetes Secret). Only digests
     * are configured, so a configuration dump never reveals a token. None configured: every
     * mutation is refused.
     */
    Optional<List<String>> apiTokenSha256();
}

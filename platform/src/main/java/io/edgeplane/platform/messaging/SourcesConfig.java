package io.edgeplane.platform.messaging;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Set;

/**
 * Which upstream systems may publish to each input topic, by CloudEvents {@code ce_source}:
 * {@code edgeplane.sources.allowed."edgeplane.tenants.lifecycle"=/tenant-admin,/billing}. A topic that is
 * not listed takes any source (the local stack's setting); a listed topic refuses every other source
 * with rule {@code source-not-allowed}. Defence in depth behind the broker's ACLs: a producer that holds
 * write access to a topic still cannot pass as another system.
 */
@ConfigMapping(prefix = "edgeplane.sources")
public interface SourcesConfig {
    /** Allowed {@code ce_source} values per topic name. */
    Map<String, Set<String>> allowed();
}

package io.edgeplane.fetcher.domain;

import java.util.Objects;

/**
 * One AWS region as the global-infrastructure parameters describe it.
 *
 * @param code      e.g. {@code eu-west-1}
 * @param longName  e.g. {@code Europe (Ireland)}; the code when the source has none yet (new regions)
 * @param partition e.g. {@code aws}, {@code aws-cn}, {@code aws-us-gov}; may be null when unknown
 */
public record RegionInfo(String code, String longName, String partition) {
    public RegionInfo {
        Objects.requireNonNull(code, "code");
        longName = longName == null || longName.isBlank() ? code : longName;
    }
}

package io.edgeplane.fetcher.domain;

import java.util.Objects;

/**
 * One AWS service as the global-infrastructure parameters describe it.
 *
 * @param code     e.g. {@code s3}
 * @param longName e.g. {@code Amazon Simple Storage Service (S3)}; the code when the source has none
 */
public record ServiceInfo(String code, String longName) {
    public ServiceInfo {
        Objects.requireNonNull(code, "code");
        longName = longName == null || longName.isBlank() ? code : longName;
    }
}

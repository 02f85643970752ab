package io.edgeplane.media.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * Upload object keys: the owner's upload root and a date, {@code uploads/{user}/{yyyy}/{mm}/{dd}/{uuid}}
 * (seed 003). The root comes from the ownership model ({@link UploadSource#keyFor}), so the keys issued are
 * exactly the keys later accepted.
 */
public final class UploadKey {
    private UploadKey() {
    }

    public static String of(String uploadRoot, Instant now, UUID id) {
        if (uploadRoot == null || !uploadRoot.endsWith("/") || uploadRoot.startsWith("/")) {
            throw new IllegalArgumentException("upload root '" + uploadRoot + "' must be relative and end in '/'");
        }
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        return String.format("%s%04d/%02d/%02d/%s", uploadRoot, t.getYear(), t.getMonthValue(), t.getDayOfMonth(), id);
    }
}

package io.edgeplane.media.domain;

import io.edgeplane.events.Constraints;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/** Upload object keys: a per-user prefix and a date, {@code uploads/{user}/{yyyy}/{mm}/{dd}/{uuid}} (seed 003). */
public final class UploadKey {
    private UploadKey() {
    }

    public static String of(String userId, Instant now, UUID id) {
        if (userId == null || !Constraints.ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("userId '" + userId + "' must match " + Constraints.ID.pattern());
        }
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        return String.format("uploads/%s/%04d/%02d/%02d/%s", userId, t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), id);
    }
}

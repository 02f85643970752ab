package io.edgeplane.dns.simulated;

import io.edgeplane.dns.domain.RecordKey;
import java.util.Comparator;

/** The order ListResourceRecordSets returns: by name with labels reversed ({@code com.example.www}), then by type. */
final class Route53Order {
    static final Comparator<RecordKey> KEYS = Comparator.comparing((RecordKey k) -> reversed(k.name()))
            .thenComparing(k -> k.type().name());

    private Route53Order() {
    }

    static String reversed(String name) {
        String[] labels = name.split("\\.");
        StringBuilder out = new StringBuilder(name.length());
        for (int i = labels.length - 1; i >= 0; i--) {
            out.append(labels[i]);
            if (i > 0) {
                out.append('.');
            }
        }
        return out.toString();
    }
}

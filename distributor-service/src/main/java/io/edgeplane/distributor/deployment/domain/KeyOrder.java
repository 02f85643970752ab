package io.edgeplane.distributor.deployment.domain;

import java.util.Comparator;

/**
 * The order S3's ListObjectsV2 returns keys in: UTF-8 binary order, which is Unicode code point order.
 * {@link String#compareTo} compares UTF-16 code units and differs from it for keys with characters above
 * U+FFFF (surrogates, U+D800-U+DFFF) next to characters U+E000-U+FFFF, so a merge of a listing against
 * a manifest must sort the manifest this way, never by {@code compareTo}.
 */
public final class KeyOrder {
    public static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}

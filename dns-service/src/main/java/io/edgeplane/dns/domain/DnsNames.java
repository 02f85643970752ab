package io.edgeplane.dns.domain;

import java.util.Locale;

/** One spelling for DNS names inside Edgeplane: lower case, no trailing dot, {@code *} instead of Route 53's {@code \052}. */
public final class DnsNames {
    private DnsNames() {
    }

    public static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        // Route 53 lists special characters as three-digit octal escapes; '*' of a wildcard comes back as \052.
        if (n.indexOf('\\') >= 0) {
            StringBuilder out = new StringBuilder(n.length());
            for (int i = 0; i < n.length(); i++) {
                char c = n.charAt(i);
                if (c == '\\' && isOctal(n, i + 1)) {
                    out.append((char) Integer.parseInt(n.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    out.append(c);
                }
            }
            n = out.toString();
        }
        return n;
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /** True when {@code name} is {@code zone} or lies below it. */
    public static boolean isWithin(String name, String zone) {
        String n = normalize(name);
        String z = normalize(zone);
        return n.equals(z) || n.endsWith("." + z);
    }
}

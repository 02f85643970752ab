package io.edgeplane.dns.domain;

import java.net.IDN;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a tenant's requested subdomain into a hostname, or says which DNS rule it breaks. Checked before
 * anything is written anywhere:
 * <ul>
 * <li>{@code label-empty}: no label;</li>
 * <li>{@code label-syntax}: only letters, digits and inner hyphens, one label (no dots), no {@code ??--} except
 * {@code xn--} (RFC 1123, RFC 5891);</li>
 * <li>{@code label-hyphen}: starts or ends with a hyphen;</li>
 * <li>{@code label-length}: more than 63 characters (after punycode);</li>
 * <li>{@code idn}: not convertible to punycode, or an {@code xn--} label that is not valid punycode;</li>
 * <li>{@code reserved-label}: one of the configured reserved labels ({@code www}, {@code api}, ...);</li>
 * <li>{@code base-domain-syntax}: the base domain is not a valid DNS name;</li>
 * <li>{@code name-length}: the full name is longer than 253 characters.</li>
 * </ul>
 * Upper case is folded to lower case (DNS names are case-insensitive); non-ASCII labels become punycode.
 */
public final class TenantLabel {
    public static final int MAX_LABEL = 63;
    public static final int MAX_NAME = 253;
    public static final Set<String> DEFAULT_RESERVED = Set.of("www", "api", "admin", "app", "mail", "smtp", "ftp",
            "cdn", "static", "assets", "status", "ns1", "ns2", "dashboard", "console", "root", "edgeplane");

    private final Set<String> reserved;

    public TenantLabel(Set<String> reserved) {
        Set<String> normalised = new TreeSet<>();
        reserved.forEach(r -> normalised.add(r.trim().toLowerCase(Locale.ROOT)));
        this.reserved = Set.copyOf(normalised);
    }

    public static TenantLabel withDefaults() {
        return new TenantLabel(DEFAULT_RESERVED);
    }

    /** Either a hostname or the rule the request breaks. */
    public record Verdict(Hostname hostname, RuleViolation violation) {
        public boolean ok() {
            return violation == null;
        }
    }

    public Verdict check(String subdomain, String baseDomain) {
        String base = baseDomain == null ? "" : DnsNames.normalize(baseDomain);
        RuleViolation baseProblem = baseDomainProblem(base, baseDomain);
        if (baseProblem != null) {
            return new Verdict(null, baseProblem);
        }
        if (subdomain == null || subdomain.isEmpty()) {
            return rejected("label-empty", "the subdomain label is empty");
        }
        String raw = subdomain.toLowerCase(Locale.ROOT);
        if (raw.indexOf('.') >= 0) {
            return rejected("label-syntax", "'" + subdomain + "' must be a single DNS label (no '.')");
        }
        String label = raw;
        if (!isAscii(raw)) {
            try {
                label = IDN.toASCII(raw, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return rejected("idn", "'" + subdomain + "' cannot be converted to punycode: " + e.getMessage());
            }
        }
        RuleViolation syntax = labelProblem(label, subdomain);
        if (syntax != null) {
            return new Verdict(null, syntax);
        }
        if (reserved.contains(label) || reserved.contains(raw)) {
            return rejected("reserved-label", "'" + label + "' is reserved for the platform (reserved: "
                    + String.join(", ", new TreeSet<>(reserved)) + ")");
        }
        Hostname hostname = new Hostname(label, base);
        if (hostname.fqdn().length() > MAX_NAME) {
            return rejected("name-length", "'" + abbreviate(hostname.fqdn()) + "' is " + hostname.fqdn().length()
                    + " characters long, at most " + MAX_NAME + " allowed");
        }
        return new Verdict(hostname, null);
    }

    private static RuleViolation labelProblem(String label, String original) {
        if (label.length() > MAX_LABEL) {
            return RuleViolation.of("label-length", "'" + abbreviate(original) + "' is " + label.length()
                    + " characters long as a DNS label, at most " + MAX_LABEL + " allowed");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return RuleViolation.of("label-syntax", "'" + abbreviate(original)
                        + "' is not a valid DNS label: only letters, digits and '-' are allowed, found '" + c
                        + "' at position " + (i + 1));
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return RuleViolation.of("label-hyphen", "'" + abbreviate(original)
                    + "' is not a valid DNS label: it must not start or end with '-'");
        }
        if (label.length() >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-') {
            if (!label.startsWith("xn--")) {
                return RuleViolation.of("label-syntax", "'" + abbreviate(original)
                        + "' is not a valid DNS label: '--' in positions 3-4 is reserved for IDN ('xn--')");
            }
            try {
                String unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
                if (unicode.equals(label) || !IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).equals(label)) {
                    return RuleViolation.of("idn", "'" + label + "' is not valid punycode");
                }
            } catch (IllegalArgumentException e) {
                return RuleViolation.of("idn", "'" + label + "' is not valid punycode: " + e.getMessage());
            }
        }
        return null;
    }

    private static RuleViolation baseDomainProblem(String base, String original) {
        if (base.isEmpty()) {
            return RuleViolation.of("base-domain-syntax", "the base domain is empty");
        }
        String[] labels = base.split("\\.", -1);
        if (labels.length < 2) {
            return RuleViolation.of("base-domain-syntax", "'" + original + "' must have at least two labels");
        }
        for (String l : labels) {
            if (l.isEmpty() || labelProblem(l, l) != null) {
                return RuleViolation.of("base-domain-syntax", "'" + original + "' is not a valid DNS name (label '"
                        + l + "')");
            }
        }
        return null;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static Verdict rejected(String rule, String reason) {
        return new Verdict(null, RuleViolation.of(rule, reason));
    }

    private static String abbreviate(String value) {
        return value.length() <= 70 ? value : value.substring(0, 67) + "...";
    }
}

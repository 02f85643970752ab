package io.edgeplane.dns.domain;

import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.SpoofChecker;
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
 * <li>{@code idn}: not valid IDNA2008 under UTS #46 processing (ICU4J, non-transitional, STD3, BiDi and
 * CONTEXTJ/CONTEXTO rules), or an {@code xn--} label that does not decode and re-encode to itself;</li>
 * <li>{@code confusable}: the label's UTS #39 confusable skeleton equals an existing tenant's under the same base
 * domain (e.g. Cyrillic {@code асе} vs {@code ace}); two plain ASCII labels are never compared (see README);</li>
 * <li>{@code mixed-script}: the label mixes scripts (UTS #39 single-script restriction, e.g. Latin with
 * Cyrillic; Han with Hiragana/Katakana counts as one script);</li>
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

    /** UTS #46 with IDNA2008's rules (non-transitional: {@code ß} stays {@code ß}). Immutable, thread-safe. */
    private static final IDNA IDNA2008 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.USE_STD3_RULES | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ
            | IDNA.CHECK_CONTEXTO);
    /** Single-script restriction (with UTS #39's augmented script sets); its checks are thread-safe. */
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.SINGLE_SCRIPT_RESTRICTIVE).build();

    /** Existing tenants' confusable skeletons, for the {@code confusable} rule. */
    @FunctionalInterface
    public interface LookAlikes {
        LookAlikes NONE = (base, skeleton, idnOnly) -> null;

        /**
         * A tenant (other than the one asking) whose label under {@code baseDomain} has this skeleton, or null;
         * with {@code idnOnly} only tenants whose label is an IDN ({@code xn--}) count.
         */
        String ownerOf(String baseDomain, String skeleton, boolean idnOnly);
    }

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
        return check(subdomain, baseDomain, LookAlikes.NONE);
    }

    public Verdict check(String subdomain, String baseDomain, LookAlikes lookAlikes) {
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
            StringBuilder ascii = new StringBuilder();
            IDNA.Info info = new IDNA.Info();
            IDNA2008.labelToASCII(raw, ascii, info);
            if (info.hasErrors()) {
                return rejected("idn", "'" + abbreviate(subdomain) + "' is not a valid IDNA2008 label (UTS #46: "
                        + info.getErrors() + ")");
            }
            label = ascii.toString();
        }
        RuleViolation syntax = labelProblem(label, subdomain);
        if (syntax != null) {
            return new Verdict(null, syntax);
        }
        String unicode = unicodeOf(label);
        if (!isAscii(unicode) || label.startsWith("xn--")) {
            String owner = lookAlikes.ownerOf(base, skeletonOfUnicode(unicode), false);
            if (owner != null) {
                return rejected("confusable", "'" + abbreviate(subdomain) + "' (" + label + ") looks like the label"
                        + " of tenant " + owner + " under " + base + " (same UTS #39 confusable skeleton '"
                        + skeletonOfUnicode(unicode) + "')");
            }
            SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
            if (SPOOF.failsChecks(unicode, result)) {
                return rejected("mixed-script", "'" + abbreviate(subdomain) + "' mixes scripts or contains invisible"
                        + " or mixed-number characters (UTS #39 restriction level " + result.restrictionLevel
                        + ", at most SINGLE_SCRIPT_RESTRICTIVE allowed)");
            }
        } else {
            // A plain ASCII label is only compared with IDN labels: ASCII look-alikes (rn/m, 1/l) are the
            // registrant's own business and would refuse ordinary names at 100,000 tenants.
            String owner = lookAlikes.ownerOf(base, skeletonOfUnicode(unicode), true);
            if (owner != null) {
                return rejected("confusable", "'" + abbreviate(subdomain) + "' looks like the IDN label of tenant "
                        + owner + " under " + base + " (same UTS #39 confusable skeleton)");
            }
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
            StringBuilder unicode = new StringBuilder();
            IDNA.Info info = new IDNA.Info();
            IDNA2008.labelToUnicode(label, unicode, info);
            if (info.hasErrors()) {
                return RuleViolation.of("idn", "'" + label + "' is not a valid IDNA2008 A-label (UTS #46: "
                        + info.getErrors() + ")");
            }
            StringBuilder again = new StringBuilder();
            IDNA.Info back = new IDNA.Info();
            IDNA2008.labelToASCII(unicode, again, back);
            if (back.hasErrors() || !again.toString().equals(label)) {
                return RuleViolation.of("idn", "'" + label + "' does not round-trip: it decodes to '" + unicode
                        + "', which encodes to '" + again + "'");
            }
        }
        return null;
    }

    /** The Unicode form of a valid ASCII label (the label itself unless it is an {@code xn--} A-label). */
    private static String unicodeOf(String asciiLabel) {
        if (!asciiLabel.startsWith("xn--")) {
            return asciiLabel;
        }
        StringBuilder unicode = new StringBuilder();
        IDNA2008.labelToUnicode(asciiLabel, unicode, new IDNA.Info());
        return unicode.toString();
    }

    /** The UTS #39 confusable skeleton of a valid (ASCII or A-) label, as the desired-state index keeps it. */
    public static String skeleton(String asciiLabel) {
        return skeletonOfUnicode(unicodeOf(asciiLabel.toLowerCase(Locale.ROOT)));
    }

    private static String skeletonOfUnicode(String unicode) {
        return SPOOF.getSkeleton(unicode);
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

package io.edgeplane.dns.domain;

/**
 * How many individual distributions (or distribution tenants) Edgeplane runs (those tagged as ours in CloudFront)
 * against the configured maximum, and what that means.
 *
 * @param warnAt utilisation (0..1) from which a warning and a recommendation are given
 * @param noun   what is counted, singular ("individual distribution", "distribution tenant")
 */
public record QuotaStatus(int used, int max, double warnAt, String noun) {
    public static final String INDIVIDUAL = "individual distribution";
    public static final String DISTRIBUTION_TENANT = "distribution tenant";

    public QuotaStatus(int used, int max, double warnAt) {
        this(used, max, warnAt, INDIVIDUAL);
    }

    public QuotaStatus {
        if (max < 0 || used < 0) {
            throw new IllegalArgumentException("used and max must be >= 0");
        }
    }

    public boolean hasRoom() {
        return used < max;
    }

    public double utilisation() {
        return max == 0 ? 1.0 : (double) used / max;
    }

    /** A warning once utilisation reaches {@code warnAt}; null below. */
    public String warning() {
        if (max == 0) {
            return noun + "s are disabled (maximum 0)";
        }
        if (!hasRoom()) {
            return noun + " quota exhausted: " + used + " of " + max + " in use";
        }
        if (utilisation() >= warnAt) {
            return String.format(java.util.Locale.ROOT, "%ss at %.0f%% of the maximum (%d of %d)",
                    noun, utilisation() * 100, used, max);
        }
        return null;
    }

    /** What an operator should do as the quota fills; null while there is room. */
    public String recommendation() {
        if (warning() == null) {
            return null;
        }
        if (DISTRIBUTION_TENANT.equals(noun)) {
            return "request a higher CloudFront distribution tenants quota and raise edgeplane.dns.saas.max-tenants"
                    + " (now " + max + ")";
        }
        return "request a higher CloudFront distributions quota and raise edgeplane.dns.individual.max-distributions"
                + " (now " + max + "), or migrate individual tenants without custom domains or compliance needs to"
                + " the shared distribution";
    }
}

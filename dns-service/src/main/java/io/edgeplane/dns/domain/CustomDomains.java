package io.edgeplane.dns.domain;

import java.util.Collection;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Whether a tenant may claim a custom domain: pure. The claim is the tenant's own word (TenantProvisioned), so a
 * domain that is another tenant's — its hostname, a name under it, or its custom domain — is refused before
 * CloudFront or Route 53 is asked; names under Edgeplane's own base domains are tenant hostnames, never custom
 * domains (a label there belongs to whoever provisions it, and the wildcard certificate already covers it).
 */
public final class CustomDomains {
    public static final String SYNTAX = "custom-domain-syntax";
    public static final String TAKEN = "custom-domain-taken";
    public static final String IN_BASE_DOMAIN = "custom-domain-in-base-domain";

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    private CustomDomains() {
    }

    /** A DNS name CloudFront accepts as a domain (lower-case, no trailing dot, no wildcard). */
    public static boolean wellFormed(String domain) {
        return DOMAIN.matcher(domain).matches();
    }

    /**
     * @param ownerOfHostname tenant holding a hostname (or null)
     * @param ownerOfCustom   tenant holding a custom domain (or null)
     * @return the violation, or null when the domain may be the tenant's
     */
    public static RuleViolation check(String tenantId, String customDomain, Collection<String> baseDomains,
            Function<String, String> ownerOfHostname, Function<String, String> ownerOfCustom) {
        String domain = customDomain.trim().toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (!DOMAIN.matcher(domain).matches()) {
            return RuleViolation.of(SYNTAX, "customDomain '" + customDomain + "' is not a domain name (letters,"
                    + " digits and inner hyphens per label, at least two labels, 253 characters at most; IDNs as xn--)");
        }
        String customOwner = ownerOfCustom.apply(domain);
        if (customOwner != null && !customOwner.equals(tenantId)) {
            return RuleViolation.of(TAKEN, "customDomain '" + domain + "' is the custom domain of tenant " + customOwner);
        }
        for (String raw : baseDomains) {
            String base = DnsNames.normalize(raw);
            if (!DnsNames.isWithin(domain, base)) {
                continue;
            }
            String rest = domain.equals(base) ? "" : domain.substring(0, domain.length() - base.length() - 1);
            String label = rest.substring(rest.lastIndexOf('.') + 1);
            String owner = label.isEmpty() ? null : ownerOfHostname.apply(label + "." + base);
            if (owner != null && !owner.equals(tenantId)) {
                return RuleViolation.of(TAKEN, "customDomain '" + domain + "' lies under '" + label + "." + base
                        + "', the hostname of tenant " + owner);
            }
            return RuleViolation.of(IN_BASE_DOMAIN, "customDomain '" + domain + "' lies under Edgeplane's base domain '"
                    + base + "', whose names are tenant hostnames; use the tenant's subdomain instead");
        }
        return null;
    }
}

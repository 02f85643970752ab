package io.edgeplane.dns.domain;

import java.util.List;

/**
 * A distribution tenant's CloudFront-managed ACM certificate (GetManagedCertificateDetails).
 *
 * @param tokens how each domain is validated: an HTTP redirect CloudFront serves ({@code redirectFrom} →
 *               {@code redirectTo}) once the domain points at the routing endpoint
 */
public record ManagedCertificate(String arn, Status status, DistributionTenantSpec.Validation validation,
        List<ValidationToken> tokens) {

    public ManagedCertificate {
        tokens = List.copyOf(tokens);
    }

    public boolean issued() {
        return status == Status.ISSUED;
    }

    /** ManagedCertificateStatus. */
    public enum Status {
        PENDING_VALIDATION, ISSUED, INACTIVE, EXPIRED, VALIDATION_TIMED_OUT, REVOKED, FAILED;

        /** The certificate will not become valid without a new request. */
        public boolean terminal() {
            return this != PENDING_VALIDATION && this != ISSUED;
        }
    }

    public record ValidationToken(String domain, String redirectFrom, String redirectTo) {
    }
}

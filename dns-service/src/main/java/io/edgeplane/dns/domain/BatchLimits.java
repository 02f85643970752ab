package io.edgeplane.dns.domain;

/**
 * Limits of one ChangeResourceRecordSets request, as documented by AWS: at most 1,000 ResourceRecord values
 * and 32,000 characters in Value elements, each UPSERT counted twice. {@code maxChanges} caps Change elements
 * (older documentation named 100; configurable for that reason).
 */
public record BatchLimits(int maxValues, int maxValueChars, int maxChanges) {
    public static final BatchLimits ROUTE53 = new BatchLimits(1_000, 32_000, 1_000);

    public BatchLimits {
        if (maxValues < 1 || maxValueChars < 1 || maxChanges < 1) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
    }

    public boolean fits(int values, int chars, int changes) {
        return values <= maxValues && chars <= maxValueChars && changes <= maxChanges;
    }
}

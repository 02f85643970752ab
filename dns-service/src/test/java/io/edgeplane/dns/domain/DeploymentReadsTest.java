package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.domain.DeploymentReads.Source;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listing pages or one Get per tenant: whichever costs fewer CloudFront reads, never an answer older than a change. */
class DeploymentReadsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    /**
     * @param listedAgo seconds since the last listing started; -1: none
     * @param changedAgo seconds since the tenant was created or updated; -1: unknown
     */
    @ParameterizedTest(name = "{0} waiting of {1} listed, listing {2}s old, in it {3}, changed {4}s ago -> {5}")
    @CsvSource({
        // no more tenants wait than the listing has pages: one Get each costs no more, and is exact
        "1,    50,    -1,  false, 5,  GET",
        "1,    0,     -1,  false, 5,  GET",
        "2,    101,   -1,  false, 5,  GET",
        "100,  10000, -1,  false, 60, GET",
        "100,  10000, 30,  true,  60, GET",
        // a listing younger than the interval answers a tenant it has whatever the count, at no cost
        "1,    10000, 10,  true,  60, LISTING",
        "0,    0,     -1,  false, -1, GET",
        // more waiting than pages: one listing answers them all
        "101,  10000, -1,  false, 5,  LIST",
        "2,    100,   -1,  false, 5,  LIST",
        "3,    101,   -1,  false, 5,  LIST",
        // a listing is read at most once per interval
        "5000, 10000, 30,  true,  60, LIST",
        "5000, 10000, 29,  true,  60, LISTING",
        // a tenant changed after the listing started is not answered by it (it may show the previous deployment)
        "5000, 10000, 10,  true,  5,  NOT_YET",
        "5000, 10000, 10,  true,  10, LISTING",
        "5000, 10000, 10,  true,  -1, LISTING",
        // created after the listing: not in it, deploying as far as anyone knows until the next one
        "5000, 10000, 10,  false, 5,  NOT_YET",
        // not listed though it existed before the listing: gone or elsewhere, a Get tells which
        "5000, 10000, 10,  false, 20, GET",
        "5000, 10000, 10,  false, -1, GET",
    })
    void choosesTheCheaperReadAndNeverAStaleAnswer(int waiting, int listed, long listedAgo, boolean inListing,
            long changedAgo, Source expected) {
        Instant listedAt = listedAgo < 0 ? null : NOW.minusSeconds(listedAgo);
        Instant changedAt = changedAgo < 0 ? null : NOW.minusSeconds(changedAgo);
        assertThat(DeploymentReads.choose(waiting, listed, listedAt, inListing, changedAt, NOW, INTERVAL))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 1", "100, 1", "101, 2", "10000, 100", "10001, 101"})
    void aListingHasAPagePerHundredTenantsAndAtLeastOne(int tenants, int pages) {
        assertThat(DeploymentReads.pages(tenants)).isEqualTo(pages);
    }
}

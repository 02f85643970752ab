package io.edgeplane.distributor.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeleteGuardTest {
    private static SyncPlan plan(int deletes, int live) {
        return new SyncPlan(List.of(), List.of(), Collections.nCopies(deletes, "x"), 0, List.of(), List.of(), live);
    }

    @ParameterizedTest(name = "{0} of {1} served, limits {2} files / {3} from {4} files -> tripped={5}")
    @CsvSource({
            "5, 200, 1000, 0.3, 20, false",   // the 5 removed of 200
            "60, 200, 1000, 0.3, 20, false",  // exactly 30 %: allowed
            "61, 200, 1000, 0.3, 20, true",   // over 30 %
            "150, 200, 1000, 0.3, 20, true",
            "2, 3, 1000, 0.3, 20, false",     // a 3-file site may replace most of itself
            "1001, 100000, 1000, 0.3, 20, true", // the absolute limit holds for large sites
            "0, 0, 0, 0.0, 0, false",         // nothing served, nothing deleted
            "1, 10, 0, 1.0, 20, true"})       // max-deletes.count=0 forbids any delete
    void tripsOnEitherLimit(int deletes, int live, int maxCount, double fraction, int minFiles, boolean tripped) {
        var violation = new DeleteGuard(maxCount, fraction, minFiles).violation(plan(deletes, live));
        assertThat(violation.isPresent()).isEqualTo(tripped);
        violation.ifPresent(v -> assertThat(v).contains("would delete " + deletes + " of " + live));
    }
}

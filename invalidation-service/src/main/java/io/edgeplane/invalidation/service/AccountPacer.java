package io.edgeplane.invalidation.service;

import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.RequestPacer;
import io.edgeplane.platform.budget.AccountBudget;
import java.time.Duration;

/**
 * Spends this replica's share of the account's CloudFront request budget (platform {@link AccountBudget}: the
 * replicas' shares follow their FilesDistributed partitions and sum to the account's rate, on one slot grid).
 */
public final class AccountPacer implements RequestPacer {
    private final AccountBudget budget;
    private final Duration maxWait;
    private final Duration throttlePause;

    public AccountPacer(AccountBudget budget, Duration maxWait, Duration throttlePause) {
        this.budget = budget;
        this.maxWait = maxWait;
        this.throttlePause = throttlePause;
    }

    @Override
    public void acquire() {
        boolean granted;
        try {
            granted = budget.acquire(maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noBudget("interrupted while waiting");
        }
        if (!granted) {
            throw noBudget("no slot within " + maxWait + " (" + budget + ")");
        }
    }

    @Override
    public void throttled() {
        budget.penalise(throttlePause);
    }

    private static CloudFrontFailure noBudget(String why) {
        return new CloudFrontFailure(CloudFrontFailure.NO_BUDGET, 0, true,
                "this replica's share of the account's CloudFront budget: " + why);
    }
}

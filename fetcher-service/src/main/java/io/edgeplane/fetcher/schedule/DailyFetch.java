package io.edgeplane.fetcher.schedule;

import io.edgeplane.fetcher.domain.FetchRun;
import io.edgeplane.fetcher.service.FetchCoordinator;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The scheduled trigger: {@code edgeplane.fetcher.schedule.cron} in UTC (default daily 02:00);
 * {@code off} disables it (tests).
 */
@ApplicationScoped
public class DailyFetch {
    private static final Logger LOG = Logger.getLogger(DailyFetch.class);

    @Inject
    FetchCoordinator coordinator;

    @Scheduled(identity = "fetch", cron = "${edgeplane.fetcher.schedule.cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fetch() {
        coordinator.start(FetchRun.Trigger.SCHEDULE).ifPresentOrElse(
                run -> LOG.infof("Scheduled fetch %s started", run.runId()),
                () -> LOG.info("Scheduled fetch skipped: a fetch is already running"));
    }
}

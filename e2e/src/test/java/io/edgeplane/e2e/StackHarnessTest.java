package io.edgeplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.ServiceProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness itself: five separate processes, ready, and a kill -9 that really kills and a restart that comes back. */
@org.junit.jupiter.api.Order(5)
@ExtendWith(E2eStack.class)
class StackHarnessTest {

    @Test
    void fiveServicesRunAsSeparateProcessesAndAnswerReady() {
        EdgeplaneStack stack = E2eStack.get().stack();
        assertThat(stack.services()).hasSize(5);
        assertThat(stack.services()).allSatisfy(s -> {
            assertThat(s.isAlive()).as(s.name()).isTrue();
            assertThat(s.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(s.ready()).as(s.name() + " ready").isTrue();
        });
        assertThat(stack.services().stream().map(ServiceProcess::pid).distinct()).hasSize(5);
    }

    @Test
    void killNineStopsTheProcessAndRestartBringsItBackOnTheSamePort() {
        ServiceProcess fetcher = E2eStack.get().stack().service("fetcher-service");
        long before = fetcher.pid();
        int starts = fetcher.starts();
        fetcher.kill9();
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(fetcher.ready()).isFalse();

        fetcher.start();
        fetcher.awaitReady(EdgeplaneStack.READY_TIMEOUT);
        assertThat(fetcher.pid()).isNotEqualTo(before);
        assertThat(fetcher.starts()).isEqualTo(starts + 1);
        await().atMost(Duration.ofSeconds(30)).until(fetcher::ready);
        assertThat(fetcher.logText()).contains("killed with SIGKILL");
    }
}

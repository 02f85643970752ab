package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Polls start at the expected completion, back off, and the expectation follows what is seen. */
class CompletionPollsTest {
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

    @Test
    void firstPollAtTheExpectedCompletionThenBackoffDoublingUpToTheCap() {
        CompletionPolls polls = new CompletionPolls(Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(polls.firstPoll(T0)).isEqualTo(T0.plusSeconds(20));
        Instant at = T0.plusSeconds(20);
        assertThat(polls.afterMiss(at, 1)).isEqualTo(at.plusSeconds(1));
        assertThat(polls.afterMiss(at, 2)).isEqualTo(at.plusSeconds(2));
        assertThat(polls.afterMiss(at, 3)).isEqualTo(at.plusSeconds(4));
        assertThat(polls.afterMiss(at, 4)).isEqualTo(at.plusSeconds(5));
        assertThat(polls.afterMiss(at, 60)).isEqualTo(at.plusSeconds(5));
    }

    /** Invalidations that take 30 s: after a few, completion is seen within one first step of it. */
    @Test
    void theExpectationSettlesJustBeforeTheTypicalCompletion() {
        CompletionPolls polls = new CompletionPolls(Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(5));
        Duration takes = Duration.ofSeconds(30);
        Duration lag = null;
        for (int i = 0; i < 8; i++) {
            Instant created = T0.plusSeconds(100L * i);
            Instant poll = polls.firstPoll(created);
            Instant lastMiss = null;
            int misses = 0;
            while (poll.isBefore(created.plus(takes))) {
                lastMiss = poll;
                poll = polls.afterMiss(poll, ++misses);
            }
            lag = Duration.between(created.plus(takes), poll);
            polls.completed(created, lastMiss);
        }
        assertThat(lag).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(polls.expected()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
    }

    @Test
    void completedAtTheFirstPollProbesEarlierNextTime() {
        CompletionPolls polls = new CompletionPolls(Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(5));
        polls.completed(T0, null);
        assertThat(polls.expected()).isEqualTo(Duration.ofSeconds(18));
        for (int i = 0; i < 100; i++) {
            polls.completed(T0, null);
        }
        assertThat(polls.expected()).isEqualTo(Duration.ofSeconds(1));
    }
}

package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncementsTest {
    @Test
    void eachEffectIsFirstOnceAndWhatWasReadBackIsNeverFirst() {
        Announcements memory = new Announcements(100);
        assertThat(memory.firstSubmitted("I1")).isTrue();
        assertThat(memory.firstSubmitted("I1")).isFalse();
        // Submitted and completed are separate effects of the same invalidation.
        assertThat(memory.firstCompleted("I1")).isTrue();
        assertThat(memory.firstCompleted("I1")).isFalse();

        memory.rememberSubmitted("I2");
        memory.rememberCompleted("I2", List.of("e1", "e2"));
        memory.rememberRefusal(List.of("e3"));
        assertThat(memory.firstSubmitted("I2")).isFalse();
        assertThat(memory.firstCompleted("I2")).isFalse();
        assertThat(memory.firstFresh("e1")).isFalse();
        assertThat(memory.firstFresh("e2")).isFalse();
        assertThat(memory.firstRefusal("e3")).isFalse();
        assertThat(memory.firstRefusal("e1")).isTrue();
        assertThat(memory.firstFresh("e3")).isTrue();
    }

    @Test
    void theOldestKeysAreForgottenFirst() {
        Announcements memory = new Announcements(3);
        memory.firstSubmitted("I1");
        memory.firstSubmitted("I2");
        memory.firstSubmitted("I3");
        memory.firstSubmitted("I4");
        assertThat(memory.size()).isEqualTo(3);
        assertThat(memory.firstSubmitted("I4")).isFalse();
        assertThat(memory.firstSubmitted("I1")).isTrue();
    }
}

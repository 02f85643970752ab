package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InternerTest {

    @Test
    void equalValuesComeBackAsTheFirstInstance() {
        Interner interner = new Interner(100);
        String first = new String("edgeplane.test");
        String second = new String("edgeplane.test");
        assertThat(second).isNotSameAs(first);
        assertThat(interner.of(first)).isSameAs(first);
        assertThat(interner.of(second)).isSameAs(first);
        assertThat(interner.of(List.of(new String("w")))).isEqualTo(List.of("w"));
        assertThat(interner.of((String) null)).isNull();
    }

    @Test
    void valuesThatDoNotRepeatAreForgottenOnceTheCapacityIsExceeded() {
        Interner interner = new Interner(10);
        String kept = interner.of(new String("kept"));
        for (int i = 0; i < 1_000; i++) {
            interner.of("count " + i);
            assertThat(interner.size()).isLessThanOrEqualTo(11);
        }
        // Forgotten, not wrong: an equal value is shared again from its next appearance on.
        String again = new String("kept");
        assertThat(interner.of(again)).isEqualTo(kept);
        assertThat(interner.of(new String("kept"))).isSameAs(interner.of(again));
        assertThatThrownBy(() -> new Interner(0)).hasMessageContaining("capacity");
    }
}

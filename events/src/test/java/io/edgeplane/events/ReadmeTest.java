package io.edgeplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The README's table is what upstream teams read first: it must list every type on its topic. */
class ReadmeTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void tableListsTheTypeWithItsTopic(EventType type) throws Exception {
        // Surefire runs in the module directory.
        List<String> lines = Files.readAllLines(Path.of("README.md"));

        assertThat(lines).as("a table row of %s", type.ceType())
                .anyMatch(line -> line.startsWith("| " + type.recordClass().getSimpleName() + " |")
                        && line.contains("`" + type.ceType() + "`")
                        && line.contains("`" + type.topic() + "`"));
    }
}

package io.edgeplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.PodJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM options a pod runs with, read from its kustomize base as the image's run-java.sh turns env into options. */
class PodJvmTest {
    @TempDir
    Path base;

    @Test
    void theMediaServicePodRunsTheSerialCollectorAndC1WithinItsLimitAndTheArenaCap() {
        PodJvm pod = PodJvm.of(EdgeplaneStack.home().resolve("deploy/k8s/base/media-service"));

        assertThat(pod.options()).startsWith("-XX:MaxRAM=2048m", "-XX:MaxRAMPercentage=70.0", "-XX:+UseSerialGC")
                .contains("-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError")
                .noneMatch(o -> o.startsWith("-D"));
        // The ConfigMap's application settings (signed URLs, buckets) are not the e2e stack's: only glibc's.
        assertThat(pod.environment()).isEqualTo(Map.of("MALLOC_ARENA_MAX", "2"));
    }

    @Test
    void withoutSettingsRunJavaDefaultsApplyAndEnvFromFieldsAreNotValues() throws IOException {
        write("""
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers:
                        - name: svc
                          env:
                            - name: JAVA_INITIAL_MEM_RATIO
                              value: "5"
                            - name: POD_NAME
                              valueFrom:
                                fieldRef:
                                  fieldPath: metadata.name
                            - name: JAVA_OPTS_APPEND
                              value: "-Xss512k  -Dquarkus.http.host=0.0.0.0 -XX:+UseCompactObjectHeaders"
                          resources:
                            limits:
                              memory: 512Mi
                """, "MALLOC_ARENA_MAX=4\n# MALLOC_TRIM_THRESHOLD_=1\nEDGEPLANE_X=y\n");

        PodJvm pod = PodJvm.of(base);

        assertThat(pod.options()).containsExactly("-XX:MaxRAM=512m", "-XX:InitialRAMPercentage=5.0",
                "-XX:+UseParallelGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4",
                "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError", "-Xss512k",
                "-XX:+UseCompactObjectHeaders");
        assertThat(pod.environment()).isEqualTo(Map.of("MALLOC_ARENA_MAX", "4"));
    }

    @Test
    void aDeploymentWithoutAMemoryLimitIsRefusedNamingTheField() throws IOException {
        write("""
                spec:
                  template:
                    spec:
                      containers:
                        - name: svc
                          resources:
                            limits:
                              memory: 2G
                """, "");

        assertThatThrownBy(() -> PodJvm.of(base)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resources.limits.memory '2G'");
    }

    private void write(String deployment, String env) throws IOException {
        Files.writeString(base.resolve("deployment.yaml"), deployment);
        Files.writeString(base.resolve("config.env"), env);
        Files.writeString(base.resolve("kustomization.yaml"), """
                configMapGenerator:
                  - name: svc-config
                    envs:
                      - config.env
                """);
    }
}

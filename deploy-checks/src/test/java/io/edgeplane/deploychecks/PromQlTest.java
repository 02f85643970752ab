package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name reader the dashboard and alert checks rely on. */
class PromQlTest {
    @Test
    void findsSelectedMetricsButNotFunctionsLabelsKeywordsOrStrings() {
        assertThat(PromQl.metricNames("sum by (job, type) (rate(edgeplane_dns_events_received_total{job=~\"dns.*\","
                + "type!=\"up\"}[$__rate_interval])) / on(job) group_left(instance) max(up{job=\"x\"}) > bool 0.5"))
                .containsExactly("edgeplane_dns_events_received_total", "up");
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket[5m]))) "
                + "and on() vector(1) unless b offset 1h"))
                .containsExactly("a_seconds_bucket", "b");
        assertThat(PromQl.metricNames("label_replace(c, \"dst\", \"$1\", \"src\", \"(.*)\") * 1e3 + inf"))
                .containsExactly("c");
    }

    @Test
    void readsSampleNamesOfAnExposition() {
        assertThat(MetricsCatalog.seriesNames("""
                # HELP x_seconds a timer
                # TYPE x_seconds histogram
                x_seconds_bucket{le="0.1",} 1.0
                x_seconds_count 1.0
                up 1
                """)).containsExactly("up", "x_seconds_bucket", "x_seconds_count");
    }
}

package io.edgeplane.invalidation.aws;

import io.edgeplane.invalidation.domain.CacheStatistics;
import io.edgeplane.invalidation.domain.CacheStatisticsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * CloudFront's CloudWatch metrics with one GetMetricData call: namespace {@code AWS/CloudFront},
 * dimensions {@code DistributionId} and {@code Region=Global}, always in us-east-1. Requests and
 * BytesDownloaded are summed, error rates and CacheHitRate averaged, OriginLatency at p90;
 * CacheHitRate and OriginLatency exist only with additional metrics enabled.
 */
public class AwsCacheStatistics implements CacheStatisticsSource {
    private final CloudWatchClient client;

    public AwsCacheStatistics(CloudWatchClient client) {
        this.client = client;
    }

    @Override
    public CacheStatistics fetch(String distributionId, Instant from, Instant to) {
        int period = (int) Math.max(60, Duration.between(from, to).toSeconds() / 60 * 60);
        List<MetricDataQuery> queries = List.of(
                query("requests", distributionId, "Requests", "Sum", period),
                query("bytes", distributionId, "BytesDownloaded", "Sum", period),
                query("hitrate", distributionId, "CacheHitRate", "Average", period),
                query("err4xx", distributionId, "4xxErrorRate", "Average", period),
                query("err5xx", distributionId, "5xxErrorRate", "Average", period),
                query("latency", distributionId, "OriginLatency", "p90", period));
        Map<String, List<Double>> values = new HashMap<>();
        try {
            String token = null;
            do {
                String t = token;
                GetMetricDataResponse response = client.getMetricData(r -> r.startTime(from).endTime(to)
                        .metricDataQueries(queries).nextToken(t));
                for (MetricDataResult result : response.metricDataResults()) {
                    values.computeIfAbsent(result.id(), k -> new ArrayList<>()).addAll(result.values());
                }
                token = response.nextToken();
            } while (token != null);
        } catch (SdkException e) {
            throw AwsCloudFront.failure(e);
        }
        return new CacheStatistics(distributionId, from, to, sum(values.get("requests")), sum(values.get("bytes")),
                average(values.get("hitrate")), orZero(average(values.get("err4xx"))),
                orZero(average(values.get("err5xx"))), average(values.get("latency")));
    }

    private static MetricDataQuery query(String id, String distributionId, String metric, String stat, int period) {
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(ms -> ms.period(period).stat(stat).metric(m -> m.namespace("AWS/CloudFront")
                        .metricName(metric)
                        .dimensions(Dimension.builder().name("DistributionId").value(distributionId).build(),
                                Dimension.builder().name("Region").value("Global").build())))
                .build();
    }

    private static double sum(List<Double> values) {
        return values == null ? 0 : values.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Double average(List<Double> values) {
        return values == null || values.isEmpty() ? null
                : values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}

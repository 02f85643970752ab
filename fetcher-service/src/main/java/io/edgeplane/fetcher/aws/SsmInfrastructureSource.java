package io.edgeplane.fetcher.aws;

import io.edgeplane.fetcher.domain.InfrastructureSnapshot;
import io.edgeplane.fetcher.domain.InfrastructureSource;
import io.edgeplane.fetcher.domain.RegionInfo;
import io.edgeplane.fetcher.domain.ServiceInfo;
import io.edgeplane.platform.aws.AwsErrors;
import io.edgeplane.platform.aws.Backoff;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Reads the AWS global-infrastructure public parameters from SSM Parameter Store:
 * <ul>
 * <li>{@code /aws/service/global-infrastructure/regions} - one child per region code;</li>
 * <li>{@code .../regions/<code>} - its {@code longName} and {@code partition};</li>
 * <li>{@code .../regions/<code>/services} - one child per service offered there;</li>
 * <li>{@code /aws/service/global-infrastructure/services} - one child per service code, whose
 * {@code .../services/<code>/longName} is read with GetParameters, ten names per call.</li>
 * </ul>
 * GetParametersByPath returns at most 10 parameters per page, so every listing follows NextToken.
 * Each call is retried with exponential backoff and full jitter while SSM throttles (ThrottlingException)
 * or fails transiently; per-region calls run on virtual threads, at most {@code maxConcurrency} at once,
 * to stay under the account's Parameter Store request rate.
 */
public final class SsmInfrastructureSource implements InfrastructureSource {
    public static final String ROOT = "/aws/service/global-infrastructure";
    public static final String REGIONS = ROOT + "/regions";
    public static final String SERVICES = ROOT + "/services";
    /** The API maximum for GetParametersByPath. */
    public static final int MAX_RESULTS = 10;
    /** The API maximum for GetParameters. */
    public static final int MAX_NAMES = 10;
    private static final Logger LOG = Logger.getLogger(SsmInfrastructureSource.class);

    private final SsmClient ssm;
    private final Backoff backoff;
    private final int maxConcurrency;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    public SsmInfrastructureSource(SsmClient ssm, Backoff backoff, int maxConcurrency) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + maxConcurrency);
        }
        this.ssm = ssm;
        this.backoff = backoff;
        this.maxConcurrency = maxConcurrency;
    }

    @Override
    public String name() {
        return "ssm";
    }

    /** Requests sent since creation, retries included. */
    public long requests() {
        return requests.get();
    }

    /** Requests that were retried after a throttling or transient error. */
    public long retries() {
        return retries.get();
    }

    @Override
    public InfrastructureSnapshot fetch() {
        List<String> regionCodes = childNames(REGIONS);
        List<String> serviceCodes = childNames(SERVICES);
        Map<String, String> serviceNames = values(serviceCodes.stream().map(code -> SERVICES + "/" + code + "/longName")
                .toList());

        Map<String, RegionInfo> regions = new ConcurrentHashMap<>();
        Map<String, Set<String>> servicesByRegion = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(maxConcurrency);
        List<Future<?>> work = new ArrayList<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String code : regionCodes) {
                work.add(executor.submit(() -> withPermit(permits, () -> {
                    Map<String, String> attributes = new HashMap<>();
                    for (Parameter p : children(REGIONS + "/" + code)) {
                        attributes.put(lastSegment(p.name()), p.value());
                    }
                    regions.put(code, new RegionInfo(code, attributes.get("longName"), attributes.get("partition")));
                    servicesByRegion.put(code, new LinkedHashSet<>(childNames(REGIONS + "/" + code + "/services")));
                })));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SourceException s ? s
                    : new SourceException("reading SSM global-infrastructure failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while reading SSM", e);
        }
        List<ServiceInfo> services = serviceCodes.stream()
                .map(code -> new ServiceInfo(code, serviceNames.get(SERVICES + "/" + code + "/longName"))).toList();
        LOG.infof("Read %d regions and %d services from SSM in %d requests (%d retried)", regions.size(),
                services.size(), requests.get(), retries.get());
        return new InfrastructureSnapshot(name(), List.copyOf(regions.values()), services, servicesByRegion);
    }

    /** Every direct child parameter of {@code path}, following NextToken until the last page. */
    List<Parameter> children(String path) {
        List<Parameter> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetParametersByPathResponse page = call("GetParametersByPath " + path, () -> ssm.getParametersByPath(b -> b
                    .path(path).recursive(false).maxResults(MAX_RESULTS).nextToken(next)));
            all.addAll(page.parameters());
            token = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
        } while (token != null);
        return all;
    }

    private List<String> childNames(String path) {
        return children(path).stream().map(p -> lastSegment(p.name())).distinct().toList();
    }

    /** Values of the named parameters, ten per GetParameters call; names SSM does not know are absent. */
    private Map<String, String> values(Collection<String> names) {
        Map<String, String> values = new HashMap<>();
        List<String> batch = new ArrayList<>(MAX_NAMES);
        for (String name : names) {
            batch.add(name);
            if (batch.size() == MAX_NAMES) {
                values.putAll(getParameters(List.copyOf(batch)));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            values.putAll(getParameters(batch));
        }
        return values;
    }

    private Map<String, String> getParameters(List<String> names) {
        GetParametersResponse response = call("GetParameters", () -> ssm.getParameters(b -> b.names(names)));
        Map<String, String> values = new HashMap<>();
        response.parameters().forEach(p -> values.put(p.name(), p.value()));
        return values;
    }

    private <T> T call(String what, Supplier<T> request) {
        for (int attempt = 0;; attempt++) {
            requests.incrementAndGet();
            try {
                return request.get();
            } catch (SdkException e) {
                if (!AwsErrors.isTransient(e)) {
                    throw new SourceException(what + " failed: " + AwsErrors.code(e) + " " + e.getMessage(), e);
                }
                if (attempt + 1 >= backoff.maxAttempts()) {
                    throw new SourceException(what + " still failing after " + backoff.maxAttempts() + " attempts: "
                            + AwsErrors.code(e), e);
                }
                retries.incrementAndGet();
                sleep(backoff.delay(attempt).toMillis());
            }
        }
    }

    private static void withPermit(Semaphore permits, Runnable work) {
        permits.acquireUninterruptibly();
        try {
            work.run();
        } finally {
            permits.release();
        }
    }

    private static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while backing off", e);
        }
    }
}

package io.edgeplane.fetcher.offline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.edgeplane.fetcher.domain.InfrastructureSnapshot;
import io.edgeplane.fetcher.domain.InfrastructureSource;
import io.edgeplane.fetcher.domain.RegionInfo;
import io.edgeplane.fetcher.domain.ServiceInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The global-infrastructure metadata from a snapshot file instead of SSM: for local runs and tests,
 * which must not need the network or AWS credentials. The bundled snapshot
 * ({@value #BUNDLED}) holds every region of the aws, aws-cn and aws-us-gov partitions with its long
 * name (AWS SDK region metadata) and 124 services with their SSM long names and regional availability
 * (SDK endpoint metadata). The output has exactly the shape of the SSM source's.
 */
public final class OfflineInfrastructureSource implements InfrastructureSource {
    public static final String BUNDLED = "offline/global-infrastructure.json";
    private final InfrastructureSnapshot snapshot;

    public OfflineInfrastructureSource(InfrastructureSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** The snapshot shipped in the service's resources. */
    public static OfflineInfrastructureSource bundled() {
        try (InputStream in = OfflineInfrastructureSource.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled snapshot " + BUNDLED + " is missing from the classpath");
            }
            return new OfflineInfrastructureSource(read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A snapshot file of the same format, e.g. one saved from a real SSM run. */
    public static OfflineInfrastructureSource fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new OfflineInfrastructureSource(read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read offline snapshot " + file, e);
        }
    }

    static InfrastructureSnapshot read(InputStream in) throws IOException {
        SnapshotFile file = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                .readValue(in, SnapshotFile.class);
        Map<String, Set<String>> servicesByRegion = new HashMap<>();
        for (SnapshotFile.Service s : file.services()) {
            for (String region : s.regions()) {
                servicesByRegion.computeIfAbsent(region, r -> new LinkedHashSet<>()).add(s.code());
            }
        }
        return new InfrastructureSnapshot("offline",
                file.regions().stream().map(r -> new RegionInfo(r.code(), r.longName(), r.partition())).toList(),
                file.services().stream().map(s -> new ServiceInfo(s.code(), s.longName())).toList(),
                servicesByRegion);
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public InfrastructureSnapshot fetch() {
        return snapshot;
    }

    record SnapshotFile(List<Region> regions, List<Service> services) {
        record Region(String code, String longName, String partition) {
        }

        record Service(String code, String longName, List<String> regions) {
        }
    }
}

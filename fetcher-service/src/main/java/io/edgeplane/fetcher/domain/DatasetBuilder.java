package io.edgeplane.fetcher.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a snapshot into {@code complete-data.json}, {@code regions.json} and {@code services.json}.
 * Deterministic: regions and services sorted by code, object keys sorted, two-space indentation, LF line
 * ends, a final newline. The same snapshot therefore gives the same bytes apart from the volatile
 * metadata ({@code generatedAt}, {@code runId}), and {@link Dataset#contentHash()} ignores exactly those.
 */
public final class DatasetBuilder {
    public static final String COMPLETE = "complete-data.json";
    public static final String REGIONS = "regions.json";
    public static final String SERVICES = "services.json";
    public static final List<String> FILE_NAMES = List.of(COMPLETE, REGIONS, SERVICES);
    public static final String SCHEMA_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    /** Metadata that differs between runs over the same data; excluded from the content hash. */
    public static final Set<String> VOLATILE_METADATA = Set.of("generatedAt", "runId");

    private static final ObjectWriter WRITER;

    static {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        WRITER = JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build()
                .writer(printer);
    }

    /** Builds the documents of run {@code runId} generated at {@code generatedAt} (truncated to seconds). */
    public Dataset build(InfrastructureSnapshot snapshot, Instant generatedAt, String runId) {
        SortedMap<String, RegionInfo> regions = new TreeMap<>();
        snapshot.regions().forEach(r -> regions.putIfAbsent(r.code(), r));
        SortedMap<String, ServiceInfo> services = new TreeMap<>();
        snapshot.services().forEach(s -> services.putIfAbsent(s.code(), s));
        if (regions.isEmpty() || services.isEmpty()) {
            throw new IllegalArgumentException("a snapshot from '" + snapshot.source() + "' with " + regions.size()
                    + " regions and " + services.size() + " services is incomplete; refusing to publish it");
        }

        // Region -> offered services, restricted to known regions; service -> regions derived from it.
        SortedMap<String, TreeSet<String>> servicesByRegion = new TreeMap<>();
        SortedMap<String, TreeSet<String>> regionsByService = new TreeMap<>();
        int availability = 0;
        for (String region : regions.keySet()) {
            TreeSet<String> offered = new TreeSet<>(snapshot.servicesByRegion().getOrDefault(region, Set.of()));
            servicesByRegion.put(region, offered);
            availability += offered.size();
            for (String service : offered) {
                regionsByService.computeIfAbsent(service, s -> new TreeSet<>()).add(region);
            }
        }

        List<Map<String, Object>> regionList = new ArrayList<>();
        for (RegionInfo r : regions.values()) {
            Map<String, Object> entry = new TreeMap<>();
            entry.put("code", r.code());
            entry.put("name", r.longName());
            if (r.partition() != null) {
                entry.put("partition", r.partition());
            }
            entry.put("serviceCount", servicesByRegion.get(r.code()).size());
            regionList.add(entry);
        }
        List<Map<String, Object>> serviceList = new ArrayList<>();
        for (ServiceInfo s : services.values()) {
            Map<String, Object> entry = new TreeMap<>();
            entry.put("code", s.code());
            entry.put("name", s.longName());
            entry.put("regionCount", regionsByService.getOrDefault(s.code(), new TreeSet<>()).size());
            serviceList.add(entry);
        }
        SortedMap<String, Object> byRegion = new TreeMap<>();
        servicesByRegion.forEach((region, offered) -> byRegion.put(region, List.copyOf(offered)));

        String generated = generatedAt.truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Object> regionsDoc = document(metadata(snapshot.source(), generated, runId,
                Map.of("regionCount", regions.size())), "regions", regionList);
        Map<String, Object> servicesDoc = document(metadata(snapshot.source(), generated, runId,
                Map.of("serviceCount", services.size())), "services", serviceList);
        Map<String, Object> completeDoc = document(metadata(snapshot.source(), generated, runId,
                Map.of("regionCount", regions.size(), "serviceCount", services.size(),
                        "availabilityCount", availability)), "regions", regionList);
        completeDoc.put("services", serviceList);
        completeDoc.put("servicesByRegion", byRegion);

        Map<String, Map<String, Object>> documents = new TreeMap<>(Map.of(COMPLETE, completeDoc, REGIONS, regionsDoc,
                SERVICES, servicesDoc));
        List<DatasetFile> files = new ArrayList<>();
        MessageDigest contentDigest = sha256();
        for (var doc : documents.entrySet()) {
            byte[] bytes = write(doc.getValue());
            files.add(new DatasetFile(doc.getKey(), bytes, hex(sha256().digest(bytes)), CONTENT_TYPE));
            contentDigest.update(doc.getKey().getBytes(StandardCharsets.UTF_8));
            contentDigest.update((byte) 0);
            contentDigest.update(write(withoutVolatileMetadata(doc.getValue())));
            contentDigest.update((byte) 0);
        }
        return new Dataset(files, hex(contentDigest.digest()), regions.size(), services.size(), snapshot.source());
    }

    private static Map<String, Object> metadata(String source, String generatedAt, String runId,
            Map<String, Integer> counts) {
        Map<String, Object> metadata = new TreeMap<>(counts);
        metadata.put("schemaVersion", SCHEMA_VERSION);
        metadata.put("source", source);
        metadata.put("generatedAt", generatedAt);
        metadata.put("runId", runId);
        return metadata;
    }

    private static Map<String, Object> document(Map<String, Object> metadata, String listName, Object list) {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("metadata", metadata);
        doc.put(listName, list);
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutVolatileMetadata(Map<String, Object> doc) {
        Map<String, Object> copy = new TreeMap<>(doc);
        Map<String, Object> metadata = new TreeMap<>((Map<String, Object>) doc.get("metadata"));
        VOLATILE_METADATA.forEach(metadata::remove);
        copy.put("metadata", metadata);
        return copy;
    }

    private static byte[] write(Object doc) {
        try {
            return (WRITER.writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a dataset document", e);
        }
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}

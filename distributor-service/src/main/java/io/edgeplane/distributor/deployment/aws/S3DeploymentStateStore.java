package io.edgeplane.distributor.deployment.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.distributor.deployment.FileSpool;
import io.edgeplane.distributor.deployment.domain.DeploymentHistory;
import io.edgeplane.distributor.deployment.domain.DeploymentLayout;
import io.edgeplane.distributor.deployment.domain.DeploymentStateStore;
import io.edgeplane.distributor.deployment.domain.DeploymentTarget;
import io.edgeplane.distributor.deployment.domain.LiveFile;
import io.edgeplane.distributor.deployment.domain.LiveState;
import io.edgeplane.distributor.service.ParallelCopier;
import io.edgeplane.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * JSON documents in the distributor's state location (as for data manifests: by default
 * {@code edgeplane-source/distributor-state/deployments/}, never the distribution bucket, which
 * CloudFront serves and the service may not read): {@code <served prefix>manifest.json} per served
 * prefix and {@code <target root>history.json} per target. S3 keeps them as durable as the builds
 * they describe; the service needs s3:GetObject/PutObject on that prefix only.
 */
public final class S3DeploymentStateStore implements DeploymentStateStore {
    private static final ObjectMapper JSON = EventJson.mapper();
    /** One manifest entry; not flushed after each (the default), which would write the temporary file a line at a time. */
    private static final com.fasterxml.jackson.databind.ObjectWriter ENTRY = JSON.writerFor(LiveFile.class)
            .without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    /** One manifest entry read from the middle of the document (more follow it). */
    private static final com.fasterxml.jackson.databind.ObjectReader ENTRY_READER = JSON.readerFor(LiveFile.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_WRITE_ATTEMPTS = 8;

    private final S3Client s3;
    private final String bucket;
    private final String statePrefix;
    private final DeploymentLayout layout;

    public S3DeploymentStateStore(S3Client s3, String bucket, String statePrefix, DeploymentLayout layout) {
        this.s3 = s3;
        this.bucket = bucket;
        this.statePrefix = statePrefix;
        this.layout = layout;
    }

    public String manifestKey(String prefix) {
        return statePrefix + prefix + "manifest.json";
    }

    public String historyKey(DeploymentTarget target) {
        return statePrefix + layout.root(target) + "history.json";
    }

    /**
     * Parsed as it streams in, each file spooled to a local file (see {@link FileSpool}): a 100,000-file
     * manifest (tens of MB of JSON) is held neither as bytes nor as objects.
     */
    @Override
    public LiveState live(String prefix) {
        String key = manifestKey(prefix);
        String buildId = null;
        boolean dirty = false;
        try (FileSpool.Writer<LiveFile> files = FileSpool.writer(FileSpool.LIVE_FILES, "manifest s3://" + bucket + "/" + key)) {
            try (var in = s3.getObject(r -> r.bucket(bucket).key(key)); JsonParser json = JSON.createParser(in)) {
                expect(json, json.nextToken() == JsonToken.START_OBJECT, key, "an object");
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    JsonToken value = json.nextToken();
                    switch (field) {
                        case "buildId" -> buildId = value == JsonToken.VALUE_NULL ? null : json.getValueAsString();
                        case "dirty" -> dirty = json.getValueAsBoolean();
                        case "files" -> {
                            expect(json, value == JsonToken.START_ARRAY, key, "files as an array");
                            while (json.nextToken() == JsonToken.START_OBJECT) {
                                files.add(ENTRY_READER.readValue(json));
                            }
                        }
                        default -> json.skipChildren();
                    }
                }
            } catch (NoSuchKeyException e) {
                return new LiveState(null, false, files.finish());
            } catch (IOException e) {
                throw invalid(key, e);
            }
            return new LiveState(buildId, dirty, files.finish());
        }
    }

    /** Written as it is produced, through a temporary file, in the order the files come (key order). */
    @Override
    public void saveLive(String prefix, String buildId, boolean dirty, Iterator<LiveFile> files) {
        upload(manifestKey(prefix), out -> {
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("buildId", buildId);
                json.writeBooleanField("dirty", dirty);
                json.writeArrayFieldStart("files");
                while (files.hasNext()) {
                    ENTRY.writeValue(json, files.next());
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        });
    }

    private static void expect(JsonParser json, boolean ok, String key, String what) throws IOException {
        if (!ok) {
            throw new JsonParseException(json, "expected " + what + " in " + key);
        }
    }

    private IllegalStateException invalid(String key, IOException e) {
        // Not transient: a corrupt document needs a person, not a retry loop.
        return new IllegalStateException("state document s3://" + bucket + "/" + key + " is not valid JSON: "
                + e.getMessage(), e);
    }

    @Override
    public DeploymentHistory history(DeploymentTarget target) {
        DeploymentHistory history = read(historyKey(target), DeploymentHistory.class);
        return history == null ? DeploymentHistory.empty() : history;
    }

    @Override
    public void saveHistory(DeploymentTarget target, DeploymentHistory history) {
        write(historyKey(target), history);
    }

    private <T> T read(String key, Class<T> type) {
        try (var in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            return JSON.readValue(in, type);
        } catch (NoSuchKeyException e) {
            return null;
        } catch (IOException e) {
            throw invalid(key, e);
        }
    }

    private void write(String key, Object document) {
        upload(key, out -> JSON.writeValue(out, document));
    }

    private interface Body {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    private void upload(String key, Body body) {
        // Through a temporary file (the container's /tmp): a 100,000-file manifest is tens of MB of JSON that
        // need not sit on the heap.
        java.nio.file.Path file;
        try {
            file = java.nio.file.Files.createTempFile("edgeplane-state-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try (var out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 64 * 1024)) {
                body.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            put(key, file);
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }

    private void put(String key, java.nio.file.Path file) {
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json").cacheControl("no-store"),
                        RequestBody.fromFile(file));
                return;
            } catch (RuntimeException e) {
                // Kept-alive connections the server closed fail a PUT (Expect: 100-continue) before the SDK's own
                // retries take a fresh one; the idle pool holds a handful, so a few more attempts get through.
                if (!ParallelCopier.isTransient(e) || attempt >= MAX_WRITE_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}

package io.edgeplane.distributor.deployment.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.distributor.deployment.domain.DeploymentHistory;
import io.edgeplane.distributor.deployment.domain.DeploymentLayout;
import io.edgeplane.distributor.deployment.domain.DeploymentStateStore;
import io.edgeplane.distributor.deployment.domain.DeploymentTarget;
import io.edgeplane.distributor.deployment.domain.LiveManifest;
import io.edgeplane.distributor.service.ParallelCopier;
import io.edgeplane.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    @Override
    public LiveManifest live(String prefix) {
        LiveManifest manifest = read(manifestKey(prefix), LiveManifest.class);
        return manifest == null ? LiveManifest.empty() : manifest;
    }

    @Override
    public void saveLive(String prefix, LiveManifest manifest) {
        write(manifestKey(prefix), manifest);
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
        try {
            // Parsed as it streams in: a 100,000-file manifest (tens of MB of JSON) is never held as bytes too.
            try (var in = s3.getObject(r -> r.bucket(bucket).key(key))) {
                return JSON.readValue(in, type);
            }
        } catch (NoSuchKeyException e) {
            return null;
        } catch (IOException e) {
            // Not transient: a corrupt document needs a person, not a retry loop.
            throw new IllegalStateException("state document s3://" + bucket + "/" + key + " is not valid JSON: "
                    + e.getMessage(), e);
        }
    }

    private void write(String key, Object document) {
        // Through a temporary file (the container's /tmp): a 100,000-file manifest is tens of MB of JSON that
        // need not sit on the heap next to the objects it was written from.
        java.nio.file.Path file;
        try {
            file = java.nio.file.Files.createTempFile("edgeplane-state-", ".json");
            try (var out = java.nio.file.Files.newOutputStream(file)) {
                JSON.writeValue(out, document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
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

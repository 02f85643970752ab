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
            return JSON.readValue(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(), type);
        } catch (NoSuchKeyException e) {
            return null;
        } catch (IOException e) {
            // Not transient: a corrupt document needs a person, not a retry loop.
            throw new IllegalStateException("state document s3://" + bucket + "/" + key + " is not valid JSON: "
                    + e.getMessage(), e);
        }
    }

    private void write(String key, Object document) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json").cacheControl("no-store"),
                        RequestBody.fromBytes(bytes));
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

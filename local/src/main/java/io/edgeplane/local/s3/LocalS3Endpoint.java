package io.edgeplane.local.s3;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * The local stack's S3 endpoint: S3Proxy (its jar on the class path) with its filesystem-nio2 store, wrapped in
 * {@link ListingBlobStore}. Started by ./edgeplane as
 * {@code java -cp s3proxy.jar:local/target/classes io.edgeplane.local.s3.LocalS3Endpoint --properties <file>},
 * with the same properties file S3Proxy's own main reads (one identity, no bucket locators, no middlewares).
 * Other providers (transient-nio2, to compare) are served by S3Proxy unwrapped.
 */
public final class LocalS3Endpoint {
    private LocalS3Endpoint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--properties")) {
            System.err.println("usage: LocalS3Endpoint --properties <s3proxy.properties>");
            System.exit(2);
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            properties.load(in);
        }
        String provider = properties.getProperty("jclouds.provider", "filesystem-nio2");
        BlobStore store = BlobStores.create(provider, properties);
        ScheduledExecutorService publisher = null;
        if (provider.equals("filesystem-nio2") || provider.equals("filesystem")) {
            Path root = Path.of(properties.getProperty("jclouds.filesystem.basedir")).toAbsolutePath().normalize();
            Path countFile = Path.of(properties.getProperty("edgeplane.count-file", root.resolveSibling("objects").toString()));
            ObjectCount count = new ObjectCount(root, countFile);
            count.recount();
            store = new ListingBlobStore(store, root, count);
            long[] lastVersion = {-1};
            publisher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "object-count");
                t.setDaemon(true);
                return t;
            });
            publisher.scheduleWithFixedDelay(() -> count.publish(lastVersion), 0, 1, TimeUnit.SECONDS);
        }
        S3Proxy proxy = S3Proxy.Builder.fromProperties(properties).blobStore(store).build();
        proxy.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                System.err.println("stopping the S3 endpoint: " + e);
            }
        }, "s3-endpoint-shutdown"));
        System.out.printf("S3 endpoint (%s) listening on %s%n", provider, properties.getProperty("s3proxy.endpoint"));
    }
}

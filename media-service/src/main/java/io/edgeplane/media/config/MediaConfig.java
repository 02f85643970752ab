package io.edgeplane.media.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the media-service ({@code edgeplane.media.*}). */
@ConfigMapping(prefix = "edgeplane.media")
public interface MediaConfig {
    Buckets buckets();

    Manifest manifest();

    Cdn cdn();

    Image image();

    Video video();

    Signing signing();

    Upload upload();

    Purge purge();

    Announced announced();

    interface Buckets {
        /** Bucket behind the CloudFront distribution; outputs go here. */
        @WithDefault("edgeplane-distribution")
        String distribution();

        /** Bucket users upload into (pre-signed PUTs); uploads are read from the bucket named by each event. */
        @WithDefault("edgeplane-uploads")
        String uploads();
    }

    interface Manifest {
        /** Private bucket of the per-item manifests (owner, version, outputs); default: the uploads bucket. */
        Optional<String> bucket();

        /** Key prefix of the manifests: {@code <prefix><mediaId>.json}. */
        @WithDefault("manifests/media/")
        String prefix();
    }

    interface Cdn {
        /** CloudFront distribution id (FilesDistributed is keyed by it). Absent: purges are announced as skipped. */
        Optional<String> distributionId();

        /** The distribution's domain, e.g. {@code d111111abcdef8.cloudfront.net}. */
        String domain();

        /** An alternate domain name (CNAME) of the distribution; URLs use it when set. */
        Optional<String> customDomain();

        /** Whether the media behaviour has trusted key groups, so viewers need signed URLs (told in MediaProcessed). */
        @WithDefault("false")
        boolean signedUrlsRequired();
    }

    interface Image {
        /** {@code role:box,...}; renditions fit inside box x box pixels, never upscaled. */
        @WithDefault("thumbnail:150,small:400,medium:800,large:1200")
        String renditions();

        /** Output formats: jpeg, webp, png, avif (AVIF is slow and off by default). */
        @WithDefault("jpeg,webp")
        List<String> formats();

        @WithDefault("85")
        int jpegQuality();

        @WithDefault("80")
        int webpQuality();

        @WithDefault("60")
        int avifQuality();

        /** Decompression-bomb guard: images whose header claims more pixels are refused undecoded. */
        @WithDefault("64000000")
        long maxPixels();

        /** RGB hex colour transparent pixels are flattened onto for JPEG. */
        @WithDefault("ffffff")
        String background();

        /** Encoder threads (the bounded pool); default: the number of cores. */
        Optional<Integer> workers();
    }

    interface Video {
        /** {@code name:height:kbps,...}; rungs taller than the source are skipped. */
        @WithDefault("1080p:1080:5000,720p:720:2800,360p:360:800")
        String rungs();

        /** HLS segment and closed-GOP length in seconds. */
        @WithDefault("4")
        int segmentSeconds();

        @WithDefault("veryfast")
        String preset();

        /** Threads of one ffmpeg child process; default: the number of cores. */
        Optional<Integer> threads();

        @WithDefault("128")
        int audioKbps();

        @WithDefault("1280")
        int posterBox();

        /** Poster frame position (seconds; at most half the video). */
        @WithDefault("1.0")
        double posterAtSeconds();

        /** A transcode may take this many times the video's duration ... */
        @WithDefault("4.0")
        double timeoutFactor();

        /** ... and at least this long before it is stopped (reason timeout). */
        @WithDefault("PT2M")
        Duration minTimeout();

        @WithDefault("PT4H")
        Duration maxDuration();

        /** Largest frame accepted (pixels). Default 4K UHD. */
        @WithDefault("8847360")
        long maxPixels();

        /** Directory with ffmpeg and ffprobe (e.g. /usr/bin); default: the programs bundled in the bytedeco jar. */
        Optional<Path> ffmpegDirectory();

        /** Scratch space for downloads and encodes; default: java.io.tmpdir/edgeplane-media. */
        Optional<Path> workDirectory();
    }

    interface Signing {
        /** CloudFront public key id (trusted key group) the signatures name. */
        Optional<String> keyPairId();

        /** PEM file with the private key (a mounted secret). */
        Optional<Path> privateKeyFile();

        /** The private key itself, PEM (from a secret in the environment). Never logged. */
        Optional<String> privateKey();

        /**
         * Local stack only: sign with a key generated at start-up (no CloudFront would accept it) so the
         * signing path can be exercised without a secret.
         */
        @WithDefault("false")
        boolean ephemeralKey();

        @WithDefault("PT1H")
        Duration defaultExpiry();

        /** Longest expiry a caller may ask for. */
        @WithDefault("P7D")
        Duration maxExpiry();
    }

    interface Upload {
        /** How long a pre-signed upload URL stays valid. */
        @WithDefault("PT5M")
        Duration expiry();

        /** Content types a user may upload. */
        @WithDefault("image/jpeg,image/png,image/webp,video/mp4,video/quicktime,video/webm")
        List<String> contentTypes();
    }

    interface Purge {
        /** Up to this many replaced objects are purged path by path; more collapse into one wildcard per version. */
        @WithDefault("50")
        int maxExactPaths();
    }

    interface Announced {
        /**
         * How far back the status topic is read at start-up to recognise a redelivered upload: at least the
         * longest a record can stay uncommitted (the video channel's unprocessed-record-max-age, 6 h).
         */
        @WithDefault("PT7H")
        Duration lookback();

        /** Upload event ids remembered (oldest forgotten first; about 130 bytes each). */
        @WithDefault("100000")
        int memory();
    }
}

package io.edgeplane.media.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a media item's outputs live in the distribution bucket. Every output sits under a version
 * directory derived from the source bytes and the processing settings, so a changed byte or setting
 * means new keys (cacheable for a year), never an overwrite:
 *
 * <pre>
 * media/{mediaId}/{version}/renditions/{role}.{ext}          images, poster      immutable (media-rendition rule)
 * media/{mediaId}/{version}/original.{ext}                   video original      7 days (video-mp4 rule)
 * media/{mediaId}/{version}/hls/master.m3u8                  master playlist     short (hls-playlist rule)
 * media/{mediaId}/{version}/hls/{rung}/index.m3u8            rung playlist       short
 * media/{mediaId}/{version}/hls/{rung}/seg-00000.ts          segments            immutable (hls-segment rule)
 * </pre>
 */
public final class OutputLayout {
    private OutputLayout() {
    }

    /**
     * The version directory: the first 16 hex digits (64 bits) of SHA-256 over the source digest
     * and the settings fingerprint.
     */
    public static String version(String sourceSha256, String settingsFingerprint) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(sourceSha256.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) 0);
            digest.update(settingsFingerprint.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String itemPrefix(String mediaId) {
        return "media/" + mediaId + "/";
    }

    public static String versionPrefix(String mediaId, String version) {
        return itemPrefix(mediaId) + version + "/";
    }

    public static String rendition(String mediaId, String version, String role, ImageFormat format) {
        return versionPrefix(mediaId, version) + "renditions/" + role + "." + format.extension();
    }

    public static String poster(String mediaId, String version) {
        return versionPrefix(mediaId, version) + "renditions/poster.jpg";
    }

    public static String original(String mediaId, String version, String extension) {
        return versionPrefix(mediaId, version) + "original." + extension;
    }

    public static String hlsPrefix(String mediaId, String version) {
        return versionPrefix(mediaId, version) + "hls/";
    }

    public static String hlsMaster(String mediaId, String version) {
        return hlsPrefix(mediaId, version) + "master.m3u8";
    }
}

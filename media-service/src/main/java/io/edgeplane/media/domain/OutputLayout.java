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
 * media/{mediaId}/{version}/stream/master.m3u8               HLS master playlist short (hls-playlist rule)
 * media/{mediaId}/{version}/stream/manifest.mpd               DASH MPD            (the .mpd rule)
 * media/{mediaId}/{version}/stream/{track}/index.m3u8         HLS media playlist  short
 * media/{mediaId}/{version}/stream/{track}/init.mp4           CMAF header         (the init-segment rule)
 * media/{mediaId}/{version}/stream/{track}/seg-00001.m4s      CMAF fragments      immutable (hls-segment rule)
 * </pre>
 * A track is a video rung ({@code 720p}) or {@code audio}; HLS and DASH name the same segment objects.
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

    public static String streamPrefix(String mediaId, String version) {
        return versionPrefix(mediaId, version) + "stream/";
    }

    public static String hlsMaster(String mediaId, String version) {
        return streamPrefix(mediaId, version) + StreamManifests.HLS_MASTER;
    }

    public static String dashManifest(String mediaId, String version) {
        return streamPrefix(mediaId, version) + StreamManifests.DASH_MPD;
    }
}

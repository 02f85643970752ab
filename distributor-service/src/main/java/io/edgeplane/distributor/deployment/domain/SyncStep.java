package io.edgeplane.distributor.deployment.domain;

/**
 * What a sync does with one path: the build's file against what the served prefix's manifest says is there.
 *
 * @param file       the build's file; null when the path is only served (a delete)
 * @param before     what the manifest records under the path; null when the path is new
 * @param entryPoint copied after every asset (HTML, service worker, ...)
 * @param reported   the edge must forget its cached copy: a modified or deleted file that is not content-hashed
 */
public record SyncStep(String path, Kind kind, BuildFile file, LiveFile before, String cacheControl, String cacheRule,
        String contentType, boolean entryPoint, boolean reported) {

    public enum Kind {
        /** Not served before: copied, nothing cached to forget. */
        ADDED,
        /** Different bytes (or a manifest that cannot vouch for them): copied. */
        MODIFIED,
        /** Same bytes, different Cache-Control or Content-Type: copied. */
        HEADERS,
        UNCHANGED,
        /** Served but not in the build. */
        DELETED
    }

    public boolean copies() {
        return kind == Kind.ADDED || kind == Kind.MODIFIED || kind == Kind.HEADERS;
    }

    /** A copy over something a viewer may already hold. */
    public boolean replaces() {
        return kind == Kind.MODIFIED || kind == Kind.HEADERS;
    }

    public FileCopy copy() {
        if (!copies()) {
            throw new IllegalStateException(path + " is " + kind + ", not a copy");
        }
        return new FileCopy(file, cacheControl, cacheRule, contentType, switch (kind) {
            case ADDED -> FileCopy.Change.ADDED;
            case MODIFIED -> FileCopy.Change.MODIFIED;
            default -> FileCopy.Change.HEADERS;
        });
    }
}

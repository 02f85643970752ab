package io.edgeplane.distributor.deployment.domain;

/**
 * One file to copy from the build into the served prefix, with the headers it gets.
 *
 * @param change why it is copied; only {@link Change#MODIFIED} and {@link Change#HEADERS} replace
 *               something a viewer may already hold
 */
public record FileCopy(BuildFile file, String cacheControl, String cacheRule, String contentType, Change change) {
    public enum Change {
        /** Not under the prefix before: nothing cached to forget. */
        ADDED,
        /** Different bytes under the same path. */
        MODIFIED,
        /** Same bytes, different Cache-Control or Content-Type (a changed cache rule). */
        HEADERS
    }

    public String path() {
        return file.path();
    }
}

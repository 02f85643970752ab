package io.edgeplane.platform.ownership;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one ownership model of Edgeplane. What an owner may reach is derived here from its id and the
 * configuration, never read from an event: a tenant's or site's build root in the builds bucket(s), its
 * served root in the distribution bucket and the viewer paths under it, its cache tags; an uploader's
 * upload root in the uploads bucket. Every service asks this class, so the roots and the rules are the
 * same everywhere.
 *
 * <p>Comparisons are segment-exact after {@link OwnedPaths normalisation}: a root always ends in
 * {@code /}, ids never hold {@code /}, and {@code .}/{@code ..}/empty segments or encoded separators are
 * refused before comparing, so {@code tenants/acme/} never matches {@code tenants/acme-evil/} or
 * {@code tenants/acme/../other/}. S3 keys and CloudFront paths are case-sensitive and compared exactly;
 * hostnames (the dns-service's) are compared lower-cased after IDNA processing.
 *
 * @param buildsBuckets     buckets a promotion may read builds from (empty: no promotion is allowed)
 * @param uploadsBucket     the bucket uploads arrive in, if this service takes uploads
 * @param tenantBuildRoot   template with {@code {id}}, e.g. {@code tenants/{id}/builds/}
 * @param siteBuildRoot     template with {@code {id}}, e.g. {@code sites/{id}/builds/}
 * @param tenantServedRoot  template with {@code {id}}, e.g. {@code tenants/{id}/}; viewer root is {@code /} + it
 * @param siteServedRoot    template with {@code {id}}, e.g. {@code sites/{id}/}
 * @param uploadRoot        template with {@code {id}}, e.g. {@code uploads/{id}/}
 */
public record Ownership(Set<String> buildsBuckets, Optional<String> uploadsBucket, String tenantBuildRoot,
        String siteBuildRoot, String tenantServedRoot, String siteServedRoot, String uploadRoot) {

    /** A source (bucket or key) outside the owner's build or upload root. */
    public static final String FOREIGN_SOURCE = "foreign-source";
    /** A viewer path, wildcard or cache tag outside the owner's own root. */
    public static final String OUTSIDE_TENANT = "outside-tenant";
    /** An event that acts for no tenant or site reaching into a tenant's or site's root. */
    public static final String OWNER_ROOT = "owner-root";
    /** A {@code .}, {@code ..} or empty segment, a backslash, or an encoded separator. */
    public static final String PATH_TRAVERSAL = "path-traversal";
    /** Malformed, non-UTF-8 or double percent-encoding. */
    public static final String ENCODING = "encoding";

    /** Separates an owner's tag from the tags it scopes ({@code tenant-acme:build-b42}); never in an id. */
    private static final char TAG_SCOPE = ':';

    public static final Ownership DEFAULTS = new Ownership(Set.of(), Optional.empty(), "tenants/{id}/builds/",
            "sites/{id}/builds/", "tenants/{id}/", "sites/{id}/", "uploads/{id}/");

    public Ownership {
        buildsBuckets = Set.copyOf(buildsBuckets);
        Objects.requireNonNull(uploadsBucket, "uploadsBucket");
        for (String template : List.of(tenantBuildRoot, siteBuildRoot, tenantServedRoot, siteServedRoot, uploadRoot)) {
            checkTemplate(template);
        }
        if (area(tenantServedRoot).startsWith(area(siteServedRoot)) || area(siteServedRoot).startsWith(area(tenantServedRoot))) {
            throw new IllegalArgumentException("tenant and site served roots must not nest: '" + tenantServedRoot
                    + "', '" + siteServedRoot + "'");
        }
    }

    public Ownership withBuildsBuckets(Set<String> buckets) {
        return new Ownership(buckets, uploadsBucket, tenantBuildRoot, siteBuildRoot, tenantServedRoot, siteServedRoot,
                uploadRoot);
    }

    public Ownership withUploadsBucket(String bucket) {
        return new Ownership(buildsBuckets, Optional.of(bucket), tenantBuildRoot, siteBuildRoot, tenantServedRoot,
                siteServedRoot, uploadRoot);
    }

    // ---- derived roots

    /** Where the owner's builds may be read from in a builds bucket, e.g. {@code tenants/acme/builds/}. */
    public String buildRoot(Owner owner) {
        return switch (owner.kind()) {
            case TENANT -> fill(tenantBuildRoot, owner);
            case SITE -> fill(siteBuildRoot, owner);
            case UPLOADER -> throw new IllegalArgumentException(owner + " has no builds");
        };
    }

    /** The owner's key prefix in the distribution bucket, e.g. {@code tenants/acme/}. */
    public String servedRoot(Owner owner) {
        return switch (owner.kind()) {
            case TENANT -> fill(tenantServedRoot, owner);
            case SITE -> fill(siteServedRoot, owner);
            case UPLOADER -> throw new IllegalArgumentException(owner + " serves nothing of its own");
        };
    }

    /** The viewer paths the owner's objects are cached under (the origin is the bucket root). */
    public String viewerRoot(Owner owner) {
        return "/" + servedRoot(owner);
    }

    /** Where the owner's uploads arrive, e.g. {@code uploads/u1/}. */
    public String uploadRoot(Owner owner) {
        if (owner.kind() != Owner.Kind.UPLOADER) {
            throw new IllegalArgumentException(owner + " does not upload");
        }
        return fill(uploadRoot, owner);
    }

    /** The cache tag every object the owner serves carries, e.g. {@code tenant-acme}. */
    public String ownerTag(Owner owner) {
        return owner.kind().word() + "-" + owner.id();
    }

    /** A tag scoped to the owner, e.g. {@code tenant-acme:build-b42}: only that owner may invalidate it. */
    public String scopedTag(Owner owner, String tag) {
        return ownerTag(owner) + TAG_SCOPE + tag;
    }

    // ---- checks

    /** A promotion of {@code owner}'s build from {@code bucket}/{@code prefix}. */
    public Optional<Refusal> checkBuildSource(Owner owner, String bucket, String prefix) {
        if (!buildsBuckets.contains(bucket)) {
            return Optional.of(new Refusal(FOREIGN_SOURCE, bucket, "bucket '" + bucket
                    + "' is not a builds bucket (edgeplane.ownership.builds-buckets: " + buildsBuckets + ")"));
        }
        String directory = prefix == null || prefix.endsWith("/") ? prefix : prefix + "/";
        return within(directory, buildRoot(owner), owner + "'s build root");
    }

    /** An upload by {@code owner} (an {@link Owner.Kind#UPLOADER}) at {@code bucket}/{@code key}. */
    public Optional<Refusal> checkUpload(Owner owner, String bucket, String key) {
        if (uploadsBucket.isEmpty() || !uploadsBucket.get().equals(bucket)) {
            return Optional.of(new Refusal(FOREIGN_SOURCE, bucket, "bucket '" + bucket
                    + "' is not the uploads bucket (edgeplane.ownership.uploads-bucket: " + uploadsBucket.orElse("unset")
                    + ")"));
        }
        return within(key, uploadRoot(owner), owner + "'s upload root");
    }

    /**
     * A viewer path or wildcard ({@code *} last) that an event changes. With an owner, it must lie inside
     * the owner's viewer root; without one (data, media), it must not reach into any tenant's or site's
     * root, nor cover one with a wildcard.
     */
    public Optional<Refusal> checkViewerPath(Optional<Owner> owner, String path) {
        OwnedPaths.Result normalised = OwnedPaths.viewerPath(path);
        if (normalised.refusal() != null) {
            return Optional.of(normalised.refusal());
        }
        String decoded = normalised.path();
        boolean wildcard = decoded.endsWith("*");
        String prefix = wildcard ? decoded.substring(0, decoded.length() - 1) : decoded;
        if (owner.isPresent()) {
            String root = viewerRoot(owner.get());
            if (!prefix.startsWith(root)) {
                return Optional.of(new Refusal(OUTSIDE_TENANT, path, "'" + path + "' is outside " + owner.get()
                        + "'s viewer root " + root));
            }
            return Optional.empty();
        }
        for (String area : List.of("/" + area(tenantServedRoot), "/" + area(siteServedRoot))) {
            if (prefix.startsWith(area) || wildcard && area.startsWith(prefix)) {
                return Optional.of(new Refusal(OWNER_ROOT, path, "'" + path + "' reaches into " + area
                        + ", where only the owning tenant or site may invalidate"));
            }
        }
        return Optional.empty();
    }

    /** A cache tag an event asks to invalidate: the owner's own tags only; other events no owner's tag. */
    public Optional<Refusal> checkTag(Optional<Owner> owner, String tag) {
        if (owner.isPresent()) {
            String own = ownerTag(owner.get());
            if (tag.equals(own) || tag.startsWith(own + TAG_SCOPE)) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(OUTSIDE_TENANT, tag, "cache tag '" + tag + "' is not " + owner.get()
                    + "'s (" + own + " or " + own + TAG_SCOPE + "…)"));
        }
        for (Owner.Kind kind : List.of(Owner.Kind.TENANT, Owner.Kind.SITE)) {
            if (tag.startsWith(kind.word() + "-")) {
                return Optional.of(new Refusal(OWNER_ROOT, tag, "cache tag '" + tag + "' belongs to a " + kind.word()
                        + "; only that " + kind.word() + "'s events may invalidate it"));
            }
        }
        return Optional.empty();
    }

    // ---- helpers

    private static Optional<Refusal> within(String key, String root, String what) {
        Optional<Refusal> malformed = OwnedPaths.checkKey(key);
        if (malformed.isPresent()) {
            return malformed;
        }
        if (!key.startsWith(root) || key.length() == root.length()) {
            return Optional.of(new Refusal(FOREIGN_SOURCE, key, "'" + key + "' is not under " + what + " '" + root
                    + "'"));
        }
        return Optional.empty();
    }

    private static String fill(String template, Owner owner) {
        return template.replace("{id}", owner.id());
    }

    /** The part of a template before its id: every owner's root starts with it ({@code tenants/}). */
    private static String area(String template) {
        return template.substring(0, template.indexOf("{id}"));
    }

    private static void checkTemplate(String template) {
        Objects.requireNonNull(template, "root template");
        int id = template.indexOf("{id}");
        if (id < 0 || !template.endsWith("/") || template.startsWith("/")
                || id > 0 && template.charAt(id - 1) != '/' || template.charAt(id + 4) != '/' || id == 0) {
            throw new IllegalArgumentException("root template '" + template
                    + "' must be relative, hold {id} as a whole segment after at least one other, and end in '/'");
        }
    }
}

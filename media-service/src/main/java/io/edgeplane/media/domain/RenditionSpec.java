package io.edgeplane.media.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One image rendition: a role name ({@code thumbnail}, {@code small}, ...) and the bounding box (in
 * pixels) the image is fitted inside, keeping its aspect ratio and never upscaling.
 */
public record RenditionSpec(String role, int box) {
    private static final Pattern ROLE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** The seed's sizes (thumbnail, small, medium, large). */
    public static final String DEFAULTS = "thumbnail:150,small:400,medium:800,large:1200";

    public RenditionSpec {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("rendition role '" + role + "' must match " + ROLE.pattern());
        }
        if (box < 16 || box > 8192) {
            throw new IllegalArgumentException("rendition '" + role + "' box " + box + " must be within 16..8192 px");
        }
    }

    /** Parses {@code role:box,role:box}, e.g. {@value #DEFAULTS}; roles must be unique. */
    public static List<RenditionSpec> parseList(String value) {
        List<RenditionSpec> specs = new ArrayList<>();
        for (String item : value.split(",")) {
            String[] parts = item.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("rendition '" + item.trim() + "' must look like role:box, e.g. small:400");
            }
            int box;
            try {
                box = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rendition '" + item.trim() + "' has a box that is not a number");
            }
            RenditionSpec spec = new RenditionSpec(parts[0].trim(), box);
            if (specs.stream().anyMatch(s -> s.role().equals(spec.role()))) {
                throw new IllegalArgumentException("rendition role '" + spec.role() + "' appears twice");
            }
            specs.add(spec);
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("at least one rendition is needed");
        }
        return List.copyOf(specs);
    }
}

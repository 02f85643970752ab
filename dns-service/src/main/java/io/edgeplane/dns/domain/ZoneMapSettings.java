package io.edgeplane.dns.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Whether the hosted-zone map ({@code edgeplane.dns.zones."<base domain>"=<hosted zone id>}) can serve tenants: it
 * must name at least one base domain, and no entry may be blank or a template's placeholder. Without it every tenant
 * fails {@code unknown-base-domain}, so the service refuses readiness instead, naming the setting. A map key cannot
 * be listed in {@code edgeplane.readiness.required}, hence this check of its own.
 */
public final class ZoneMapSettings {
    public static final String SETTING = "edgeplane.dns.zones";

    private ZoneMapSettings() {
    }

    /** One problem per missing or placeholder entry, naming the setting; empty when the map is usable. */
    public static List<String> problems(Map<String, String> zones, Pattern placeholder) {
        List<String> problems = new ArrayList<>();
        if (zones.isEmpty()) {
            problems.add(SETTING + " is empty: set " + SETTING + ".\"<base domain>\"=<Route 53 hosted zone id> for"
                    + " every base domain tenants are served under");
            return problems;
        }
        new TreeMap<>(zones).forEach((base, zoneId) -> {
            String name = SETTING + ".\"" + base + "\"";
            String id = zoneId == null ? "" : zoneId.strip();
            if (placeholder.matcher(base).matches()) {
                problems.add(name + ": the base domain is the placeholder '" + base + "'");
            } else if (id.isEmpty()) {
                problems.add(name + " is not set");
            } else if (placeholder.matcher(id).matches()) {
                problems.add(name + " still holds the placeholder '" + id + "'");
            }
        });
        return problems;
    }
}

package org.pairforge.core;

import java.util.Map;

/**
 * Where a sample came from. {@code id} is the stable identity that sample keys derive from (a path as the
 * user named it, or {@code file.jsonl#line}); {@code provenance} carries what the input said about itself,
 * e.g. The Stack's repository, path and licence fields.
 */
public record SourceRef(String id, Map<String, Object> provenance) {
    public SourceRef {
        // In the order the input gave it: Map.copyOf's order changes from JVM to JVM (its hash salt), which made
        // the same row's KEY.json differ between two runs.
        provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    public static SourceRef of(String id) {
        return new SourceRef(id, Map.of());
    }
}

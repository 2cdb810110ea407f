package org.pairforge.core;

import java.util.Map;

/**
 * Where a sample came from. {@code id} is the stable identity that sample keys derive from (a path as the
 * user named it, or {@code file.jsonl#line}); {@code provenance} carries what the input said about itself,
 * e.g. The Stack's repository, path and licence fields.
 */
public record SourceRef(String id, Map<String, Object> provenance) {
    public SourceRef {
        provenance = Map.copyOf(provenance);
    }

    public static SourceRef of(String id) {
        return new SourceRef(id, Map.of());
    }
}

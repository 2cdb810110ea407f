package org.pairforge.core;

import java.util.Map;

/**
 * A dropped input or candidate: the record a run writes to {@code rejects.jsonl}. {@code key} is the
 * candidate's sample key, or null when the whole input was dropped before any candidate existed.
 *
 * @param details further fields of the line, after {@code message} (the self-check's score and transcript);
 *                empty for most rejections
 */
public record Rejection(String source, String key, Stage stage, String reason, String message,
                        Map<String, Object> details) {

    /** Where in the pipeline the drop happened; the lower-case name is what the JSON carries. */
    public enum Stage {
        READ, EXTRACT, FILTER, DEDUP, CHECK;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The stage a {@code rejects.jsonl} line names; FILTER for a name this version does not know. */
        public static Stage ofId(String id) {
            for (Stage s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            return FILTER;
        }
    }

    public Rejection {
        details = details == null || details.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    public Rejection(String source, String key, Stage stage, String reason, String message) {
        this(source, key, stage, reason, message, Map.of());
    }

    public static Rejection ofInput(SourceRef source, Stage stage, String reason, String message) {
        return new Rejection(source.id(), null, stage, reason, message);
    }
}

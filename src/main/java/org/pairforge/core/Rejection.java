package org.pairforge.core;

/**
 * A dropped input or candidate: the record a run writes to {@code rejects.jsonl}. {@code key} is the
 * candidate's sample key, or null when the whole input was dropped before any candidate existed.
 */
public record Rejection(String source, String key, Stage stage, String reason, String message) {

    /** Where in the pipeline the drop happened; the lower-case name is what the JSON carries. */
    public enum Stage {
        READ, EXTRACT, FILTER, DEDUP;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Rejection ofInput(SourceRef source, Stage stage, String reason, String message) {
        return new Rejection(source.id(), null, stage, reason, message);
    }
}

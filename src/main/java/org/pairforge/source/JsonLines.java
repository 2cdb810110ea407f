package org.pairforge.source;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Inputs from JSON Lines rows in The Stack's layout, for a kind: the row's content field (by the kind's
 * {@link InputKind#contentFields()}) is the input, its other small fields the samples' provenance. The CLI's
 * folder walk and the Spark adapter make their row inputs here, so a row gives the same samples either way.
 * Thread-safe.
 */
public final class JsonLines {
    private final InputKind kind;
    private final ObjectMapper mapper;

    public JsonLines(InputKind kind, long maxInputBytes) {
        this.kind = kind;
        this.mapper = JsonLineInput.mapperFor(maxInputBytes);
    }

    /** One row, {@code line} its JSON bytes, named {@code id} (the CLI names it {@code file.jsonl#N}). */
    public Input line(String id, byte[] line) {
        return new JsonLineInput(id, line, mapper, kind.contentFields(), kind.inputMayBeJson());
    }
}

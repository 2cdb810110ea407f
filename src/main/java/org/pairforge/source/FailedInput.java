package org.pairforge.source;

import org.pairforge.core.SourceData;

import org.pairforge.core.UnreadableInputException;

/**
 * Something found while listing inputs that cannot be read (an unreadable folder, a broken JSON Lines
 * file, a line over the size limit). It travels through the pipeline like any input so it is counted and recorded with its reason.
 */
public record FailedInput(String id, String reason, String message) implements Input {
    /** A JSON Lines line longer than {@code --max-input-mb} allows. */
    public static FailedInput tooLong(String id, long limitBytes) {
        return new FailedInput(id, "too_large", "line is longer than " + limitBytes + " bytes (--max-input-mb)");
    }

    @Override
    public String fingerprint() {
        return "unreadable: " + reason;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public SourceData load(long maxBytes) throws UnreadableInputException {
        throw new UnreadableInputException(reason, message);
    }
}

package org.pairforge.source;

import org.pairforge.core.SourceData;

import org.pairforge.core.UnreadableInputException;

/**
 * Something found while listing inputs that cannot be read (an unreadable folder, a broken JSON Lines
 * file). It travels through the pipeline like any input so it is counted and recorded with its reason.
 */
record FailedInput(String id, String reason, String message) implements Input {
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

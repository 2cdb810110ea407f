package org.pairforge.core;

/**
 * An input that cannot be read (not JSON, truncated, bad gzip, too large...). It becomes a rejection with
 * {@code reason}, the funnel's code for it, and the run goes on.
 */
public final class UnreadableInputException extends Exception {
    private final String reason;

    public UnreadableInputException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

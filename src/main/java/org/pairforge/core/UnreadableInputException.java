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

    /** {@code too_large}: {@code what} is {@code size} bytes, over {@code limit} ({@code --max-input-mb}). */
    public static UnreadableInputException tooLarge(String what, long size, long limit) {
        return new UnreadableInputException("too_large", what + " is " + size + " bytes, over the limit of " + limit
                + " (--max-input-mb)");
    }

    public String reason() {
        return reason;
    }
}

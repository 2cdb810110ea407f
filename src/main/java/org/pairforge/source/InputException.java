package org.pairforge.source;

/** An input that cannot be loaded; becomes a rejection with {@code reason}, and the run goes on. */
public final class InputException extends Exception {
    private final String reason;

    public InputException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

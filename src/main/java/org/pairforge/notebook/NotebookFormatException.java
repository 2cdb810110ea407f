package org.pairforge.notebook;

/** An input that is not a readable notebook; {@code reason} is the funnel's code for it. */
public final class NotebookFormatException extends Exception {
    private final String reason;

    public NotebookFormatException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

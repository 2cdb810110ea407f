package org.pairforge.core;

/** The user asked for something impossible or inconsistent: exit code 2, nothing written. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}

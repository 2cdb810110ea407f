package org.pairforge.core;

import java.util.Optional;

/** One quality rule. Returns the reason a sample is dropped, or empty when it passes. Must be thread-safe. */
@FunctionalInterface
public interface Filter {
    Optional<Drop> check(Sample sample);

    /** {@code reason} is a stable snake_case code counted in the funnel; {@code message} is for people. */
    record Drop(String reason, String message) {
    }
}

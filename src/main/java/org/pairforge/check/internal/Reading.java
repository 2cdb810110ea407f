package org.pairforge.check.internal;

import java.util.Map;

/**
 * What a reader made of one image: its text, or why there is none after all attempts.
 *
 * @param retries   attempts that failed and were retried, by cause ({@code 503}, {@code timeout}, {@code connection}…)
 * @param latencies milliseconds of each attempt, for the run's latency percentiles (never written per sample)
 */
public record Reading(String text, String error, String promptId, String finishReason, Integer tokensIn,
                      Integer tokensOut, int attempts, Map<String, Integer> retries, long[] latencies) {
    public Reading {
        retries = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(retries)); // sorted: it is written into KEY.json
    }

    public boolean ok() {
        return error == null;
    }
}

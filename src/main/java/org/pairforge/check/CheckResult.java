package org.pairforge.check;

import org.pairforge.core.Sample;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the self-check made of one sample, as a value: who read it, how it went, its scores and what it cost. A
 * sample carries it in its metadata as the JSON object {@code check} ({@link #toMap()}), a dropped sample in its
 * rejection's details; {@link #of(Sample)} and {@link #fromMap(Map)} read it back.
 *
 * @param scores    the scores by name ({@code score} first; the page or figure measures after it), or empty when
 *                  the reading failed
 * @param tokensIn  what the model counted, null for an embedded reader
 */
public record CheckResult(String checker, String model, String promptId, Status status, String error,
                          Map<String, Object> scores, Long tokensIn, Long tokensOut, long attempts,
                          Map<String, Integer> retries, String finishReason, boolean truncated)
        implements java.io.Serializable {

    /** How a sample's check ended; the lower-case name is what the JSON carries. */
    public enum Status {
        OK, NO_TEXT, ERROR, BELOW_MIN_SCORE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status a JSON object names; null for a name this version does not know. */
        public static Status ofId(Object id) {
            for (Status s : values()) {
                if (s.id().equals(String.valueOf(id))) {
                    return s;
                }
            }
            return null;
        }
    }

    public CheckResult {
        scores = scores == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        retries = retries == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(retries));
    }

    /** The sample's score (0..1), or null when it has none (a failed reading, a figure without words). */
    public Double score() {
        return scores.get("score") instanceof Number n ? n.doubleValue() : null;
    }

    /** The JSON object {@code check}, its fields in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checker", checker);
        m.put("model", model);
        m.put("prompt_id", promptId);
        m.put("status", status == null ? null : status.id());
        if (status == Status.ERROR) {
            m.put("error", error);
        } else {
            m.put("scores", scores);
        }
        m.put("tokens_in", tokensIn);
        m.put("tokens_out", tokensOut);
        m.put("attempts", attempts);
        if (!retries.isEmpty()) {
            m.put("retries", retries);
        }
        m.put("finish_reason", finishReason);
        if (truncated) {
            m.put("truncated", true); // the answer hit --max-tokens: its transcript is cut short
        }
        return m;
    }

    /** The result a sample carries, if it was checked. */
    public static Optional<CheckResult> of(Sample sample) {
        return sample.metadata().get(SelfCheck.NAME) instanceof Map<?, ?> m ? Optional.of(fromMap(m)) : Optional.empty();
    }

    /** Reads what {@link #toMap()} wrote (from a sample's JSON, or a rejection's details). */
    public static CheckResult fromMap(Map<?, ?> m) {
        Map<String, Object> scores = new LinkedHashMap<>();
        if (m.get("scores") instanceof Map<?, ?> s) {
            s.forEach((k, v) -> scores.put(String.valueOf(k), v));
        }
        Map<String, Integer> retries = new TreeMap<>();
        if (m.get("retries") instanceof Map<?, ?> r) {
            r.forEach((k, v) -> retries.put(String.valueOf(k), (int) number(v)));
        }
        return new CheckResult(str(m.get("checker")), str(m.get("model")), str(m.get("prompt_id")),
                Status.ofId(m.get("status")), str(m.get("error")), scores, optional(m.get("tokens_in")),
                optional(m.get("tokens_out")), number(m.get("attempts")), retries, str(m.get("finish_reason")),
                Boolean.TRUE.equals(m.get("truncated")));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Long optional(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}

package org.pairforge.shard;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.TreeMap;

/**
 * The per-shard funnel. Written last, as {@code NNNNNN.stats.json}: its presence marks the shard done.
 * {@code candidates == kept + sum(dropped)}; {@code inputs == inputs_read}, of which some were unreadable.
 */
public record ShardStats(
        @JsonProperty("shard") int shard,
        @JsonProperty("inputs_read") int inputsRead,
        @JsonProperty("inputs_unreadable") int inputsUnreadable,
        @JsonProperty("candidates") int candidates,
        @JsonProperty("kept") int kept,
        @JsonProperty("dropped") Map<String, Integer> dropped,
        @JsonProperty("input_bytes") long inputBytes,
        @JsonProperty("tar_bytes") long tarBytes,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("engine_seconds") Map<String, Double> engineSeconds,
        @JsonProperty("check") @com.fasterxml.jackson.annotation.JsonInclude(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Map<String, Object> check,
        @JsonProperty("counts") @com.fasterxml.jackson.annotation.JsonInclude(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY) Map<String, Integer> counts) {

    /**
     * @param engineSeconds time by part of the work the extractor reported (LaTeX: compile, raster, text),
     *                      kept here rather than in each sample so that samples are the same on every run
     * @param check         the self-check's tally by sample kind (see {@code CheckTally}), null when the run
     *                      does not check
     * @param counts        what the extractor counted (pages with and without Markdown), summed over inputs
     */
    public ShardStats {
        dropped = new TreeMap<>(dropped);
        engineSeconds = engineSeconds == null ? Map.of() : new TreeMap<>(engineSeconds);
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
    }

    public ShardStats(int shard, int inputsRead, int inputsUnreadable, int candidates, int kept,
                      Map<String, Integer> dropped, long inputBytes, long tarBytes, double seconds,
                      Map<String, Double> engineSeconds, Map<String, Object> check) {
        this(shard, inputsRead, inputsUnreadable, candidates, kept, dropped, inputBytes, tarBytes, seconds,
                engineSeconds, check, Map.of());
    }

    public ShardStats(int shard, int inputsRead, int inputsUnreadable, int candidates, int kept,
                      Map<String, Integer> dropped, long inputBytes, long tarBytes, double seconds,
                      Map<String, Double> engineSeconds) {
        this(shard, inputsRead, inputsUnreadable, candidates, kept, dropped, inputBytes, tarBytes, seconds,
                engineSeconds, null);
    }
}

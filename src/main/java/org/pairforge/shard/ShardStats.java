package org.pairforge.shard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * The per-shard funnel. Written last, as {@code NNNNNN.stats.json}: its presence marks the shard done.
 * {@code candidates == kept + sum(dropped)}; {@code inputs == inputs_read}, of which some were unreadable.
 *
 * @param samplesBytes  the size of the shard's samples file (its tar, or its Parquet file)
 * @param engineSeconds time by part of the work the extractor reported (LaTeX: compile, raster, text), kept here
 *                      rather than in each sample so that samples are the same on every run
 * @param counts        what the extractor counted (pages with and without Markdown), summed over inputs
 * @param stages        what stages that keep accounts per shard reported (the self-check's tally), by stage name
 */
public record ShardStats(
        @JsonProperty("shard") int shard,
        @JsonProperty("inputs_read") int inputsRead,
        @JsonProperty("inputs_unreadable") int inputsUnreadable,
        @JsonProperty("candidates") int candidates,
        @JsonProperty("kept") int kept,
        @JsonProperty("dropped") Map<String, Integer> dropped,
        @JsonProperty("input_bytes") long inputBytes,
        @JsonProperty("samples_bytes") long samplesBytes,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("engine_seconds") Map<String, Double> engineSeconds,
        @JsonProperty("counts") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> counts,
        @JsonProperty("stages") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, JsonNode> stages)
        implements java.io.Serializable {

    public ShardStats {
        dropped = new TreeMap<>(dropped);
        engineSeconds = engineSeconds == null ? Map.of() : new TreeMap<>(engineSeconds);
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
        stages = stages == null ? Map.of() : new TreeMap<>(stages);
    }
}

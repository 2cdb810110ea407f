package org.pairforge.run;

import org.pairforge.shard.ShardStats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The funnel over all shards of a run (including shards finished by an earlier, resumed run). */
public final class RunSummary {
    private RunSummary() {
    }

    /**
     * The funnel over {@code all}; {@code settings} go under {@code settings}, after how the run was cut.
     *
     * @param cut     how the run was cut and driven (workers and shard size; a Spark job's master and partitions)
     * @param seconds the run's time, or null for a run that records none (fixtures: the same bytes on any machine)
     */
    public static Map<String, Object> of(String command, List<ShardStats> all, int resumedShards, Double seconds,
                                         long processedInputBytes, int processedKept, Map<String, Object> cut,
                                         Map<String, Object> settings) {
        long samplesBytes = 0, inputBytes = 0;
        Map<String, Double> engineSeconds = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (ShardStats s : all) {
            s.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
            samplesBytes += s.samplesBytes();
            inputBytes += s.inputBytes();
            s.engineSeconds().forEach((k, v) -> engineSeconds.merge(k, v, Double::sum));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.putAll(funnel(all));
        if (!counts.isEmpty()) {
            m.put("counts", counts);
        }
        m.put("shards", all.size());
        m.put("resumed_shards", resumedShards);
        m.put("input_bytes", inputBytes);
        m.put("samples_bytes", samplesBytes);
        if (seconds != null) {
            m.put("seconds", round(seconds));
            if (!engineSeconds.isEmpty()) {
                Map<String, Double> rounded = new TreeMap<>();
                engineSeconds.forEach((k, v) -> rounded.put(k, round(v)));
                m.put("engine_seconds", rounded);
            }
            Map<String, Object> throughput = new LinkedHashMap<>();
            throughput.put("note", "over the shards this run processed; resumed shards excluded");
            throughput.put("input_mb_per_s", seconds > 0 ? round(processedInputBytes / 1e6 / seconds) : 0);
            throughput.put("pairs_per_s", seconds > 0 ? round(processedKept / seconds) : 0);
            m.put("throughput", throughput);
        }
        Map<String, Object> s = new LinkedHashMap<>(cut);
        s.putAll(new TreeMap<>(settings));
        m.put("settings", s);
        return m;
    }

    /**
     * The funnel over shards: inputs read and unreadable, candidates, kept, dropped by reason (candidates only:
     * {@code candidates = kept + Σ dropped}).
     */
    public static Map<String, Object> funnel(List<ShardStats> all) {
        long inputs = 0, unreadable = 0, candidates = 0, kept = 0;
        Map<String, Long> dropped = new TreeMap<>();
        for (ShardStats s : all) {
            inputs += s.inputsRead();
            unreadable += s.inputsUnreadable();
            candidates += s.candidates();
            kept += s.kept();
            s.dropped().forEach((k, v) -> dropped.merge(k, v.longValue(), Long::sum));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs_read", inputs);
        m.put("inputs_unreadable", unreadable);
        m.put("candidates", candidates);
        m.put("kept", kept);
        m.put("dropped", dropped);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The funnel as a few lines for a terminal, with what the stages add ({@link RunEnd.Result#terminal()}). */
    public static String render(Map<String, Object> summary, List<String> stageLines) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("inputs read        %,d (unreadable %,d)%n", summary.get("inputs_read"), summary.get("inputs_unreadable")));
        sb.append(String.format("candidates         %,d%n", summary.get("candidates")));
        @SuppressWarnings("unchecked")
        Map<String, Number> dropped = (Map<String, Number>) summary.get("dropped");
        dropped.forEach((reason, n) -> sb.append(String.format("  dropped %-18s %,d%n", reason, n)));
        sb.append(String.format("kept               %,d in %d shard(s)%n", summary.get("kept"), summary.get("shards")));
        stageLines.forEach(line -> sb.append(line).append(System.lineSeparator()));
        if (summary.get("throughput") instanceof Map<?, ?> t) {
            sb.append(String.format("time               %.1f s (%s MB/s of input, %s pairs/s)%n",
                    ((Number) summary.get("seconds")).doubleValue(), t.get("input_mb_per_s"), t.get("pairs_per_s")));
        }
        return sb.toString();
    }
}

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

    /** @param check the self-check's tally over all shards ({@link org.pairforge.check.CheckTally#ofShards}), or null */
    public static Map<String, Object> of(RunConfig config, List<ShardStats> all, int resumedShards,
                                         double seconds, long processedInputBytes, int processedKept,
                                         org.pairforge.check.CheckTally check) {
        int inputs = 0, unreadable = 0, candidates = 0, kept = 0;
        long tarBytes = 0, inputBytes = 0;
        Map<String, Integer> dropped = new TreeMap<>();
        Map<String, Double> engineSeconds = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (ShardStats s : all) {
            s.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
            inputs += s.inputsRead();
            unreadable += s.inputsUnreadable();
            candidates += s.candidates();
            kept += s.kept();
            tarBytes += s.tarBytes();
            inputBytes += s.inputBytes();
            s.engineSeconds().forEach((k, v) -> engineSeconds.merge(k, v, Double::sum));
            s.dropped().forEach((k, v) -> dropped.merge(k, v, Integer::sum));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", config.command());
        m.put("inputs_read", inputs);
        m.put("inputs_unreadable", unreadable);
        m.put("candidates", candidates);
        m.put("kept", kept);
        m.put("dropped", dropped);
        if (!counts.isEmpty()) {
            m.put("counts", counts);
        }
        m.put("shards", all.size());
        m.put("resumed_shards", resumedShards);
        m.put("input_bytes", inputBytes);
        m.put("tar_bytes", tarBytes);
        m.put("seconds", round(seconds));
        if (!engineSeconds.isEmpty()) {
            Map<String, Double> rounded = new TreeMap<>();
            engineSeconds.forEach((k, v) -> rounded.put(k, round(v)));
            m.put("engine_seconds", rounded);
        }
        if (check != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("by_kind", check.summary());
            m.put("check", c);
        }
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("note", "over the shards this run processed; resumed shards excluded");
        throughput.put("input_mb_per_s", seconds > 0 ? round(processedInputBytes / 1e6 / seconds) : 0);
        throughput.put("pairs_per_s", seconds > 0 ? round(processedKept / seconds) : 0);
        m.put("throughput", throughput);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("workers", config.workers());
        settings.put("shard_size", config.shardSize());
        settings.putAll(new TreeMap<>(config.settings()));
        m.put("settings", settings);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The funnel as a few lines for a terminal. */
    public static String render(Map<String, Object> summary) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("inputs read        %,d (unreadable %,d)%n", summary.get("inputs_read"), summary.get("inputs_unreadable")));
        sb.append(String.format("candidates         %,d%n", summary.get("candidates")));
        @SuppressWarnings("unchecked")
        Map<String, Integer> dropped = (Map<String, Integer>) summary.get("dropped");
        dropped.forEach((reason, n) -> sb.append(String.format("  dropped %-18s %,d%n", reason, n)));
        sb.append(String.format("kept               %,d in %d shard(s)%n", summary.get("kept"), summary.get("shards")));
        if (summary.get("check") instanceof Map<?, ?> check && check.get("by_kind") instanceof Map<?, ?> byKind) {
            byKind.forEach((kind, v) -> {
                Map<?, ?> k = (Map<?, ?>) v;
                sb.append(String.format("checked %-18s %s, median score %s, p10 %s%n", kind, k.get("status"),
                        k.get("median"), k.get("p10")));
            });
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) summary.get("throughput");
        sb.append(String.format("time               %.1f s (%s MB/s of input, %s pairs/s)%n",
                (Double) summary.get("seconds"), t.get("input_mb_per_s"), t.get("pairs_per_s")));
        return sb.toString();
    }
}

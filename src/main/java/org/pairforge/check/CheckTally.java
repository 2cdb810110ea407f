package org.pairforge.check;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The self-check's figures for one shard, by sample kind, built from the {@code check} objects of its samples
 * (kept ones, and dropped ones through their rejections): how many of each status, scores in 100 bins, tokens,
 * requests and retries by cause. Kept in the shard's stats, so a resumed run's summary covers every shard.
 * {@link #summary} merges the shards' tallies into {@code summary.json}'s {@code check} section.
 */
public final class CheckTally {
    /** Hundredths, and one bin of its own for a perfect 1.0, so a median of perfect scores reads 1.0. */
    private static final int BINS = 101;

    private final Map<String, Kind> kinds = new TreeMap<>();

    private static final class Kind {
        final Map<String, Integer> status = new TreeMap<>();
        final int[] bins = new int[BINS];
        long tokensIn, tokensOut, requests, truncated;
        final Map<String, Integer> retries = new TreeMap<>();

        void putUsage(Map<String, Object> m) {
            m.put("tokens_in", tokensIn);
            m.put("tokens_out", tokensOut);
            m.put("requests", requests);
            m.put("truncated", truncated);
            m.put("retries", retries);
        }
    }

    /** One sample's check. */
    public void add(String kind, CheckResult check) {
        Kind k = kinds.computeIfAbsent(kind == null ? "unknown" : kind, x -> new Kind());
        k.status.merge(check.status() == null ? "null" : check.status().id(), 1, Integer::sum);
        if (check.score() != null) {
            k.bins[bin(check.score())]++;
        }
        k.tokensIn += check.tokensIn() == null ? 0 : check.tokensIn();
        k.tokensOut += check.tokensOut() == null ? 0 : check.tokensOut();
        k.requests += check.attempts();
        if (check.truncated()) {
            k.truncated++;
        }
        check.retries().forEach((cause, n) -> k.retries.merge(cause, n, Integer::sum));
    }

    /** One line of {@code check_errors.jsonl}: which sample, of which kind, failed how, after how many attempts. */
    public static String errorLine(String source, String key, Object kind, CheckResult check) throws java.io.IOException {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("source", source);
        m.put("key", key);
        m.put("kind", kind);
        m.put("error", check.error());
        m.put("attempts", check.attempts());
        return org.pairforge.core.Json.MAPPER.writeValueAsString(m);
    }

    /** Adds a JSON map of counts (status or retry cause → n) into {@code into}; anything else adds nothing. */
    private static void addCounts(Object counts, Map<String, Integer> into) {
        if (counts instanceof Map<?, ?> m) {
            m.forEach((name, n) -> into.merge(String.valueOf(name), (int) number(n), Integer::sum));
        }
    }

    public boolean isEmpty() {
        return kinds.isEmpty();
    }

    private static int bin(double score) {
        return (int) Math.max(0, Math.min(BINS - 1, Math.floor(score * 100 + 1e-9)));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** As written in a shard's stats: kind → {status, score_bins (101: hundredths, then 1.0), tokens_in, tokens_out, requests, truncated, retries}. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new TreeMap<>();
        kinds.forEach((name, k) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", k.status);
            List<Integer> bins = new ArrayList<>(BINS);
            for (int b : k.bins) {
                bins.add(b);
            }
            m.put("score_bins", bins);
            k.putUsage(m);
            out.put(name, m);
        });
        return out;
    }

    /** Reads back what {@link #toMap} wrote, adding it to this tally. */
    public void merge(Map<?, ?> shard) {
        shard.forEach((name, value) -> {
            if (!(value instanceof Map<?, ?> m)) {
                return;
            }
            Kind k = kinds.computeIfAbsent(String.valueOf(name), x -> new Kind());
            addCounts(m.get("status"), k.status);
            if (m.get("score_bins") instanceof List<?> bins) {
                for (int i = 0; i < Math.min(BINS, bins.size()); i++) {
                    k.bins[i] += (int) number(bins.get(i));
                }
            }
            k.tokensIn += number(m.get("tokens_in"));
            k.tokensOut += number(m.get("tokens_out"));
            k.requests += number(m.get("requests"));
            k.truncated += number(m.get("truncated"));
            addCounts(m.get("retries"), k.retries);
        });
    }

    /**
     * The run's {@code check} section: per kind the statuses, a ten-bin histogram of scores, the median and
     * 10th percentile (to 0.01: the bins' resolution), tokens in and out, requests, retries by cause.
     */
    public Map<String, Object> summary() {
        Map<String, Object> out = new TreeMap<>();
        kinds.forEach((name, k) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            int scored = 0;
            for (int b : k.bins) {
                scored += b;
            }
            m.put("samples", k.status.values().stream().mapToInt(Integer::intValue).sum());
            m.put("status", k.status);
            m.put("scored", scored);
            Map<String, Integer> histogram = new LinkedHashMap<>();
            for (int d = 0; d < 10; d++) {
                int n = 0;
                for (int i = d * 10; i < (d == 9 ? BINS : d * 10 + 10); i++) {
                    n += k.bins[i];
                }
                histogram.put(String.format(java.util.Locale.ROOT, "%.1f-%.1f", d / 10.0, (d + 1) / 10.0), n);
            }
            m.put("histogram", histogram);
            m.put("median", quantile(k.bins, scored, 0.5));
            m.put("p10", quantile(k.bins, scored, 0.1));
            k.putUsage(m);
            out.put(name, m);
        });
        return out;
    }

    /** The lower edge of the bin that holds the q-quantile; null when nothing was scored. */
    private static Double quantile(int[] bins, int total, double q) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += bins[i];
            if (seen >= rank) {
                return i / 100.0;
            }
        }
        return 1.0;
    }

    /** Per kind, its score bins (for charts). */
    public Map<String, int[]> bins() {
        Map<String, int[]> m = new TreeMap<>();
        kinds.forEach((name, k) -> m.put(name, k.bins.clone()));
        return m;
    }
}

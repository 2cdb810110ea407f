package org.pairforge.core;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one input yielded: kept samples, dropped candidates and inputs, and how many candidates it had.
 * {@code readable} is false when the input itself could not be read (then there are no candidates).
 *
 * @param seconds time spent by part of the work (e.g. {@code compile}, {@code raster}), summed into the shard's
 *                stats and the run's summary; never per sample, so the same inputs give the same samples
 * @param counts  what the extractor counted of its candidates (e.g. {@code markdown_ok}, {@code markdown_failed}
 *                pages), summed into the shard's stats and the run's summary like {@code seconds}
 */
public record Extraction(boolean readable, int candidates, List<Sample> samples, List<Rejection> rejections,
                         Map<String, Double> seconds, Map<String, Integer> counts) {
    public Extraction {
        samples = List.copyOf(samples);
        rejections = List.copyOf(rejections);
        seconds = seconds.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(seconds));
        counts = counts.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public Extraction(boolean readable, int candidates, List<Sample> samples, List<Rejection> rejections,
                      Map<String, Double> seconds) {
        this(readable, candidates, samples, rejections, seconds, Map.of());
    }

    public Extraction(boolean readable, int candidates, List<Sample> samples, List<Rejection> rejections) {
        this(readable, candidates, samples, rejections, Map.of(), Map.of());
    }

    public static Extraction unreadable(Rejection why) {
        return new Extraction(false, 0, List.of(), List.of(why));
    }

    /** The same outcome with other samples and rejections (what the stages after extraction made of it). */
    public Extraction with(List<Sample> newSamples, List<Rejection> newRejections) {
        return new Extraction(readable, candidates, newSamples, newRejections, seconds, counts);
    }
}

package org.pairforge.core;

import java.util.List;

/**
 * What one input yielded: kept samples, dropped candidates and inputs, and how many candidates it had.
 * {@code readable} is false when the input itself could not be read (then there are no candidates).
 */
public record Extraction(boolean readable, int candidates, List<Sample> samples, List<Rejection> rejections) {
    public Extraction {
        samples = List.copyOf(samples);
        rejections = List.copyOf(rejections);
    }

    public static Extraction unreadable(Rejection why) {
        return new Extraction(false, 0, List.of(), List.of(why));
    }
}

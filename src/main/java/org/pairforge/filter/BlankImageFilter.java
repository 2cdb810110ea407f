package org.pairforge.filter;

import org.pairforge.core.EncodedImage;
import org.pairforge.core.Filter;
import org.pairforge.core.Sample;
import org.pairforge.image.BlankDetector;

import java.io.IOException;
import java.util.Optional;

/** Drops near-uniform images (an empty figure, a blank canvas) and images whose pixels do not decode. */
public final class BlankImageFilter implements Filter {
    private final BlankDetector detector;
    private final double share;

    public BlankImageFilter(double share, boolean alwaysDecode) {
        this.detector = new BlankDetector(share, alwaysDecode);
        this.share = share;
    }

    @Override
    public Optional<Drop> check(Sample s) {
        for (EncodedImage img : s.images()) {
            try {
                BlankDetector.Verdict v = detector.inspect(img);
                if (v.blank()) {
                    return Optional.of(new Drop("blank_image", String.format(
                            "%.2f%% of pixels share one colour, at or over %.2f%% (--blank-share)",
                            100 * v.dominantShare(), 100 * share)));
                }
            } catch (IOException e) {
                return Optional.of(new Drop("image_undecodable", "pixels do not decode: " + e.getMessage()));
            }
        }
        return Optional.empty();
    }
}

package org.pairforge.filter;

import org.pairforge.core.EncodedImage;
import org.pairforge.core.Filter;
import org.pairforge.core.Sample;

import java.util.Optional;

/** Bounds from the header alone, so a decompression bomb is refused before anything decodes it. */
public final class ImageSizeFilter implements Filter {
    private final int minSide;
    private final long maxPixels;

    public ImageSizeFilter(int minSide, long maxPixels) {
        this.minSide = minSide;
        this.maxPixels = maxPixels;
    }

    @Override
    public Optional<Drop> check(Sample s) {
        for (EncodedImage img : s.images()) {
            if (img.pixels() > maxPixels) {
                return Optional.of(new Drop("image_too_large", img.width() + "x" + img.height() + " = " + img.pixels()
                        + " pixels, over the limit of " + maxPixels + " (--max-image-pixels)"));
            }
            if (Math.min(img.width(), img.height()) < minSide) {
                return Optional.of(new Drop("image_too_small", img.width() + "x" + img.height()
                        + " has a side under the minimum " + minSide + " (--min-image-side)"));
            }
        }
        return Optional.empty();
    }
}

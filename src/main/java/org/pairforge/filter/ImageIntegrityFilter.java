package org.pairforge.filter;

import org.pairforge.core.EncodedImage;
import org.pairforge.core.Filter;
import org.pairforge.core.Sample;

import java.util.Optional;

/** The bytes must be the image type the source declared, and structurally whole (see ImageProbe). */
public final class ImageIntegrityFilter implements Filter {
    @Override
    public Optional<Drop> check(Sample s) {
        for (EncodedImage img : s.images()) {
            if (img.probed() == EncodedImage.ImageFormat.UNKNOWN) {
                return Optional.of(new Drop("not_an_image", "declared " + img.mediaType() + " but " + img.problem()));
            }
            if (!img.probed().mediaType.equals(img.mediaType())) {
                return Optional.of(new Drop("image_type_mismatch", "declared " + img.mediaType()
                        + " but the bytes are " + img.probed().mediaType));
            }
            if (!img.structurallyValid()) {
                return Optional.of(new Drop("image_corrupt", img.problem()));
            }
        }
        return Optional.empty();
    }
}

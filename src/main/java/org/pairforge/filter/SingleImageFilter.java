package org.pairforge.filter;

import org.pairforge.core.Filter;
import org.pairforge.core.Sample;

import java.util.Optional;

/** The paper keeps "a single image" per pair: a cell that drew several figures is ambiguous. */
public final class SingleImageFilter implements Filter {
    @Override
    public Optional<Drop> check(Sample s) {
        return check(s.images().size());
    }

    /** The same rule from the number of images alone, for extractors that check it before decoding them. */
    public Optional<Drop> check(int n) {
        return n == 1 ? Optional.empty()
                : Optional.of(new Drop("multiple_images", "cell has " + n + " image outputs; exactly one is kept"));
    }
}

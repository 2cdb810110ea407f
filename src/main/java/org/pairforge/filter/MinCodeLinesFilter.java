package org.pairforge.filter;

import org.pairforge.core.Filter;
import org.pairforge.core.Sample;

import java.util.Optional;

/** Reads the count the extractor stored under {@code code_lines} (blank and comment-only lines excluded). */
public final class MinCodeLinesFilter implements Filter {
    private final int minLines;

    public MinCodeLinesFilter(int minLines) {
        this.minLines = minLines;
    }

    @Override
    public Optional<Drop> check(Sample s) {
        return check(((Number) s.metadata().get("code_lines")).intValue());
    }

    /** The same rule from the count alone, for extractors that check it before decoding the sample's image. */
    public Optional<Drop> check(int lines) {
        return lines >= minLines ? Optional.empty()
                : Optional.of(new Drop("too_few_code_lines", lines + " code lines, fewer than the minimum "
                + minLines + " (--min-code-lines)"));
    }
}

package org.pairforge.latex;

import org.pairforge.page.PageOptions;

import java.time.Duration;

/**
 * How papers are compiled and paged.
 *
 * @param engine        null for auto (xelatex for ctex/fontspec/xeCJK papers, else pdflatex)
 * @param timeout       the whole compile sequence of one paper ({@code --timeout}; Nougat's 120 s by default)
 * @param maxInputBytes the most a paper's sources may occupy once unpacked ({@code --max-input-mb})
 * @param maxFileBytes  the largest file TeX may write, the PDF included ({@code --max-output-mb})
 */
public record LatexOptions(PageOptions pages, TexEngine engine, Duration timeout, long maxInputBytes, long maxFileBytes) {
    public LatexOptions {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout.toSeconds() + " s");
        }
        if (maxInputBytes < 1 || maxFileBytes < 1) {
            throw new IllegalArgumentException("--max-input-mb and --max-output-mb must be positive");
        }
    }

    public static LatexOptions defaults() {
        return new LatexOptions(new PageOptions(144, 100, 40_000_000L), null, Duration.ofSeconds(120), 200L << 20, 100L << 20);
    }
}

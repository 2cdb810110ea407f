package org.pairforge.latex;

import org.pairforge.markdown.MarkdownOptions;
import org.pairforge.page.PageOptions;

import java.time.Duration;

/**
 * How papers are compiled and paged.
 *
 * @param engine        null for auto (xelatex for ctex/fontspec/xeCJK papers, else pdflatex)
 * @param timeout       the whole compile sequence of one paper ({@code --timeout}; Nougat's 120 s by default)
 * @param maxInputBytes the most a paper's sources may occupy once unpacked ({@code --max-input-mb})
 * @param maxFileBytes  the largest file TeX may write, the PDF included ({@code --max-output-mb})
 * @param markdown      each page's Markdown and blocks ({@code KEY.md}), on by default
 */
public record LatexOptions(PageOptions pages, TexEngine engine, Duration timeout, long maxInputBytes, long maxFileBytes,
                           MarkdownOptions markdown)
        implements java.io.Serializable {
    public LatexOptions {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout.toSeconds() + " s");
        }
        if (maxInputBytes < 1 || maxFileBytes < 1) {
            throw new IllegalArgumentException("--max-input-mb and --max-output-mb must be positive");
        }
    }

    public static LatexOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().dpi(pages.dpi()).maxPages(pages.maxPages()).maxPagePixels(pages.maxPixelsPerPage())
                .engine(engine).timeout(timeout).maxInputBytes(maxInputBytes).maxFileBytes(maxFileBytes).markdown(markdown);
    }

    /** Defaults as the CLI's: auto engine, 120 s, 144 dpi, 100 pages, 200 MB of sources, 100 MB per output file. */
    public static final class Builder {
        private float dpi = 144;
        private int maxPages = 100;
        private long maxPagePixels = PageOptions.MAX_PIXELS;
        private TexEngine engine;
        private Duration timeout = Duration.ofSeconds(120);
        private long maxInputBytes = 200L << 20;
        private long maxFileBytes = 100L << 20;
        private MarkdownOptions markdown = MarkdownOptions.defaults();

        private Builder() {
        }

        public Builder dpi(float v) { dpi = v; return this; }
        public Builder maxPages(int v) { maxPages = v; return this; }
        public Builder maxPagePixels(long v) { maxPagePixels = v; return this; }
        /** null: auto (xelatex for ctex/fontspec/xeCJK papers, else pdflatex). */
        public Builder engine(TexEngine v) { engine = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder maxInputBytes(long v) { maxInputBytes = v; return this; }
        public Builder maxFileBytes(long v) { maxFileBytes = v; return this; }
        public Builder markdown(MarkdownOptions v) { markdown = java.util.Objects.requireNonNull(v, "markdown"); return this; }

        public LatexOptions build() {
            return new LatexOptions(new PageOptions(dpi, maxPages, maxPagePixels), engine, timeout, maxInputBytes, maxFileBytes,
                    markdown);
        }
    }
}

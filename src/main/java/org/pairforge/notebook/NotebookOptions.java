package org.pairforge.notebook;

/**
 * Everything that decides which notebook figures become pairs. Immutable; build with {@link #builder()}.
 * The defaults follow DeepSeek-VL: one image per cell and at least five counted lines of code.
 */
public record NotebookOptions(CodeContext context, int minCodeLines, int maxCodeLines, int minImageSide,
                              long maxImagePixels, double blankShare, boolean verifyPixels,
                              long maxInputBytes, int maxJsonDepth, java.time.Duration svgTimeout)
        implements java.io.Serializable {

    public NotebookOptions {
        requirePositive(maxCodeLines, "maxCodeLines (--max-code-lines)");
        requirePositive(maxImagePixels, "maxImagePixels (--max-image-pixels)");
        requirePositive(maxInputBytes, "maxInputBytes (--max-input-mb)");
        requirePositive(maxJsonDepth, "maxJsonDepth (--max-json-depth)");
        if (minCodeLines < 0 || minImageSide < 0) {
            throw new IllegalArgumentException("minCodeLines and minImageSide must be >= 0");
        }
        if (svgTimeout.isNegative() || svgTimeout.isZero()) {
            throw new IllegalArgumentException("svgTimeout (--svg-timeout) must be positive, got " + svgTimeout);
        }
        if (!(blankShare > 0 && blankShare <= 1)) {
            throw new IllegalArgumentException("blankShare (--blank-share) must be in (0, 1], got " + blankShare);
        }
    }

    private static void requirePositive(long v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + v);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().context(context).minCodeLines(minCodeLines).maxCodeLines(maxCodeLines)
                .minImageSide(minImageSide).maxImagePixels(maxImagePixels).blankShare(blankShare)
                .verifyPixels(verifyPixels).maxInputBytes(maxInputBytes).maxJsonDepth(maxJsonDepth)
                .svgTimeout(svgTimeout);
    }

    public static final class Builder {
        private CodeContext context = CodeContext.SINCE_LAST_FIGURE;
        private int minCodeLines = 5;
        private int maxCodeLines = 200;
        private int minImageSide = 32;
        private long maxImagePixels = org.pairforge.page.PageOptions.MAX_PIXELS;
        private double blankShare = 0.995;
        private boolean verifyPixels = false;
        private long maxInputBytes = 256L << 20;
        private int maxJsonDepth = 256;
        private java.time.Duration svgTimeout = java.time.Duration.ofSeconds(10);

        public Builder context(CodeContext v) { context = v; return this; }
        public Builder minCodeLines(int v) { minCodeLines = v; return this; }
        public Builder maxCodeLines(int v) { maxCodeLines = v; return this; }
        public Builder minImageSide(int v) { minImageSide = v; return this; }
        public Builder maxImagePixels(long v) { maxImagePixels = v; return this; }
        public Builder blankShare(double v) { blankShare = v; return this; }
        public Builder verifyPixels(boolean v) { verifyPixels = v; return this; }
        public Builder maxInputBytes(long v) { maxInputBytes = v; return this; }
        public Builder maxJsonDepth(int v) { maxJsonDepth = v; return this; }
        public Builder svgTimeout(java.time.Duration v) { svgTimeout = v; return this; }

        public NotebookOptions build() {
            return new NotebookOptions(context, minCodeLines, maxCodeLines, minImageSide, maxImagePixels,
                    blankShare, verifyPixels, maxInputBytes, maxJsonDepth, svgTimeout);
        }
    }
}

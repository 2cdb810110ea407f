package org.pairforge.page;

/**
 * How pages are rasterized. {@code maxPages}: pages after it are not rendered (a document limit, so a
 * hostile PDF cannot make a worker render forever); {@code maxPixelsPerPage}: a page whose raster would be
 * larger is refused before any memory is allocated for it.
 */
public record PageOptions(float dpi, int maxPages, long maxPixelsPerPage) implements java.io.Serializable {
    /**
     * The most pixels one raster may have, the default of {@code --max-page-pixels} and {@code --max-image-pixels}:
     * 40 M pixels (a 6,300 × 6,300 image, 160 MB as RGBA) is far above a real page at 300 dpi and still
     * bounded memory per worker.
     */
    public static final long MAX_PIXELS = 40_000_000L;

    public PageOptions {
        if (!(dpi >= 18 && dpi <= 1200)) {
            throw new IllegalArgumentException("dpi (--dpi) must be between 18 and 1200, got " + dpi);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages (--max-pages) must be at least 1, got " + maxPages);
        }
        if (maxPixelsPerPage < 1) {
            throw new IllegalArgumentException("maxPixelsPerPage (--max-page-pixels) must be positive, got " + maxPixelsPerPage);
        }
    }

    public static PageOptions defaults() {
        return new PageOptions(144, 500, MAX_PIXELS);
    }
}

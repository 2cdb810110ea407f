package org.pairforge.page;

/**
 * How pages are rasterized. {@code maxPages}: pages after it are not rendered (a document limit, so a
 * hostile PDF cannot make a worker render forever); {@code maxPixelsPerPage}: a page whose raster would be
 * larger is refused before any memory is allocated for it.
 */
public record PageOptions(float dpi, int maxPages, long maxPixelsPerPage) {
    public PageOptions {
        if (!(dpi >= 18 && dpi <= 1200)) {
            throw new IllegalArgumentException("dpi (--dpi) must be between 18 and 1200, got " + dpi);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages (--max-pages) must be at least 1, got " + maxPages);
        }
        if (maxPixelsPerPage < 1) {
            throw new IllegalArgumentException("maxPixelsPerPage must be positive, got " + maxPixelsPerPage);
        }
    }

    public static PageOptions defaults() {
        return new PageOptions(144, 500, 40_000_000L);
    }
}

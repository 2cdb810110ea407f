package org.pairforge.page;

import org.pairforge.core.Hashing;
import org.pairforge.core.Keys;

import java.util.Map;

/** What every paged capability writes about a rendered page, the same way: size, hashes, fonts, word boxes. */
public final class PageMetadata {
    private PageMetadata() {
    }

    /** {@code prefix_pNNNN}: page numbers padded so keys sort in page order. */
    public static String key(String prefix, RenderedPage page) {
        return prefix + "_p" + Keys.pad(page.pageNumber(), 4);
    }

    /**
     * Adds dpi, width, height, media type, sha256, dedup key, fonts and word boxes, each an object
     * {@code {x0, y0, x1, y1, text}} (one type per field, so Arrow, Parquet and Spark can type the column).
     *
     * @return the page's de-duplication key
     */
    public static String put(Map<String, Object> m, RenderedPage page) {
        m.put("dpi", page.dpi());
        m.put("width", page.width());
        m.put("height", page.height());
        m.put("media_type", "image/png");
        String imageSha = Hashing.sha256Hex(page.png());
        m.put("sha256", imageSha);
        String dedupKey = Hashing.sha256Hex(imageSha + "\n" + page.text()).substring(0, 32);
        m.put("dedup_key", dedupKey);
        m.put("fonts", page.fonts());
        m.put("words", page.words());
        return dedupKey;
    }
}

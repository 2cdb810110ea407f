package org.pairforge.page;

import java.util.List;

/**
 * One page through the pipeline: its image, the text that is really on it in reading order, and where
 * each word is. {@code pageNumber} is 1-based. {@code rasterSeconds} (render + PNG encoding) and
 * {@code textSeconds} (text and word boxes) are where the page's time went, for benchmarks and metadata.
 * {@code layout} has each word's glyphs and the page's pictures, for what builds a page's structure.
 * {@code glyphs} counts the glyphs the page draws visibly, {@code unmappedGlyphs} those with no Unicode text
 * (a font without a ToUnicode map): what tells a scan and a page of noise from a text page.
 */
public record RenderedPage(int pageNumber, int pageCount, byte[] png, int width, int height, float dpi,
                           String text, List<WordBox> words, List<String> fonts,
                           double rasterSeconds, double textSeconds, PageLayout layout,
                           int glyphs, int unmappedGlyphs) {
    public RenderedPage {
        words = List.copyOf(words);
        fonts = List.copyOf(fonts);
    }
}

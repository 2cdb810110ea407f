package org.pairforge.page;

import java.util.List;

/**
 * Where a page's words and pictures are: each word of {@link RenderedPage#words()} (same order) with its
 * glyphs, and the pictures the page draws (raster images, and included graphics: pdfTeX's embedded PDF
 * figures), in image pixels, in the order they are drawn. Text drawn inside a picture (a plot's labels)
 * says which picture it is in.
 */
public record PageLayout(List<LaidWord> words, List<Picture> pictures) {
    public PageLayout {
        words = List.copyOf(words);
        pictures = List.copyOf(pictures);
    }

    /** A picture's box on the page, clipped to the page; {@code kind} is {@code image} or {@code graphic}. */
    public record Picture(int x0, int y0, int x1, int y1, String kind) {
    }
}

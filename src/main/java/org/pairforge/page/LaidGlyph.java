package org.pairforge.page;

/**
 * One painted glyph of a word, in image pixels: its box, the baseline it sits on, the font it was drawn in
 * (without the subset tag), and the picture it was drawn inside ({@link PageLayout#pictures()} index, or -1).
 */
public record LaidGlyph(String text, float x0, float y0, float x1, float y1, float baseline, String font, int picture) {
}

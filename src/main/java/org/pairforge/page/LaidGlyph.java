package org.pairforge.page;

/**
 * One painted glyph of a word, in image pixels: its box, the baseline it sits on, the font it was drawn in
 * (without the subset tag), and the picture it was drawn inside ({@link PageLayout#pictures()} index, or -1).
 * {@code size} is the font size in points as drawn; {@code mark} the marked-content id (MCID) the glyph is drawn
 * in, which a tagged PDF's structure tree refers to, {@link #ARTIFACT} inside an {@code /Artifact} sequence, or
 * {@link #UNMARKED}.
 */
public record LaidGlyph(String text, float x0, float y0, float x1, float y1, float baseline, String font, int picture,
                        float size, int mark) {
    public static final int UNMARKED = -1;
    public static final int ARTIFACT = -2;

    public LaidGlyph(String text, float x0, float y0, float x1, float y1, float baseline, String font, int picture) {
        this(text, x0, y0, x1, y1, baseline, font, picture, 0, UNMARKED);
    }
}

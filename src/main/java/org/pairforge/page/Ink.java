package org.pairforge.page;

/**
 * What a character puts on a page. A PDF may place a glyph with a width for any of them, so page text and
 * glyph-coverage checks both ask here: a space separates words (a no-break or ideographic space too, which
 * {@link String#isBlank()} does not count), a format or control character draws nothing and separates
 * nothing, and only a mark needs a glyph of a font.
 */
public enum Ink {
    MARK, SPACE, NOTHING;

    public static Ink of(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return SPACE;
        }
        if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
            return NOTHING;
        }
        return MARK;
    }

    /** Whether every character of a non-empty text is of this kind. */
    public boolean all(String text) {
        if (text.isEmpty()) {
            return false;
        }
        // A loop, not a stream: asked for every glyph of every page, where a stream's set-up was most of the cost.
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (of(cp) != this) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}

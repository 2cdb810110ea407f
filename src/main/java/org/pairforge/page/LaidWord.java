package org.pairforge.page;

import java.util.List;

/**
 * A word of the page as {@link RenderedPage#words()} has it, with the glyphs it is made of (in reading order):
 * what a layout is built from, where one word may hold a formula's glyphs and a text's, or two fonts.
 */
public record LaidWord(WordBox box, List<LaidGlyph> glyphs) {
    public LaidWord {
        glyphs = List.copyOf(glyphs);
    }

    /** The picture the word is drawn in (its first glyph's), or -1 for the page's own text. */
    public int picture() {
        return glyphs.isEmpty() ? -1 : glyphs.get(0).picture();
    }

    /**
     * The font most of its letters and digits are drawn in, or of all its glyphs when it has none: punctuation set in
     * another face ("‘" before an italic "L") does not decide the word's face. Ties go to the name that sorts first.
     */
    public String font() {
        String font = vote(true);
        return font != null ? font : vote(false);
    }

    private String vote(boolean lettersOnly) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        String best = null;
        int bestCount = 0;
        for (LaidGlyph g : glyphs) {
            if (g.font() == null || lettersOnly && !hasLetterOrDigit(g.text())) {
                continue;
            }
            int c = counts.merge(g.font(), 1, Integer::sum);
            if (c > bestCount || c == bestCount && g.font().compareTo(best) < 0) {
                best = g.font();
                bestCount = c;
            }
        }
        return best;
    }

    /** Whether the text has a letter or a digit (a word's, a glyph's): punctuation alone has neither. */
    public static boolean hasLetterOrDigit(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.isLetterOrDigit(c)) {
                return true;
            }
            i += Character.charCount(c);
        }
        return false;
    }
}

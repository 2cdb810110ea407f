package org.pairforge.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A PDF places glyphs left to right as they are seen, so Arabic and Hebrew come out of it backwards
 * ("םולש" for "שלום"): Chromium writes right-to-left text in visual order. This puts a line, or a word,
 * back into the order it is read, the inverse of what the Unicode bidi algorithm did for display: a line
 * mostly right-to-left is reversed whole, then its left-to-right runs (Latin words, numbers) are turned
 * back; a line mostly left-to-right has each right-to-left run reversed in place. Brackets need no
 * swapping: Chromium maps a mirrored glyph to the character the source has ("(עולם)" reads back as written).
 */
final class RightToLeft {
    static final int LTR = 1;
    static final int RTL = -1;

    private RightToLeft() {
    }

    /** Whether the text has any right-to-left letter. */
    static boolean any(String text) {
        return text.codePoints().anyMatch(cp -> direction(cp) == RTL);
    }

    /** The direction a piece of text runs in: its majority of strong characters, or 0 with none. */
    static int direction(String text) {
        int ltr = 0;
        int rtl = 0;
        for (int cp : text.codePoints().toArray()) {
            int d = direction(cp);
            ltr += d == LTR ? 1 : 0;
            rtl += d == RTL ? 1 : 0;
        }
        return rtl > 0 && rtl >= ltr ? RTL : ltr > 0 ? LTR : 0;
    }

    /** The text in reading order, from the order its glyphs stand in on the page. */
    static String logical(String visual) {
        if (!any(visual)) {
            return visual;
        }
        List<Integer> cps = new ArrayList<>(visual.codePoints().boxed().toList());
        StringBuilder out = new StringBuilder();
        readingOrder(cps, RightToLeft::direction, direction(visual)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * Units (characters, or the words of a line) in reading order: for a right-to-left {@code base}, all
     * reversed and then each left-to-right run turned back; else each right-to-left run reversed in place.
     * A run takes in the neutral units between its own.
     */
    static <T> List<T> readingOrder(List<T> visual, ToIntFunction<T> direction, int base) {
        List<T> units = new ArrayList<>(visual);
        int reversedRuns = base == RTL ? LTR : RTL;
        if (base == RTL) {
            Collections.reverse(units);
        }
        int i = 0;
        while (i < units.size()) {
            if (direction.applyAsInt(units.get(i)) != reversedRuns) {
                i++;
                continue;
            }
            int end = i;
            for (int k = i + 1; k < units.size() && direction.applyAsInt(units.get(k)) != -reversedRuns; k++) {
                if (direction.applyAsInt(units.get(k)) == reversedRuns) {
                    end = k;
                }
            }
            Collections.reverse(units.subList(i, end + 1));
            i = end + 1;
        }
        return units;
    }

    /** Strong right-to-left, left-to-right (digits too: numbers are shown left to right), or neutral (0). */
    private static int direction(int cp) {
        return switch (Character.getDirectionality(cp)) {
            case Character.DIRECTIONALITY_RIGHT_TO_LEFT, Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC -> RTL;
            case Character.DIRECTIONALITY_LEFT_TO_RIGHT, Character.DIRECTIONALITY_EUROPEAN_NUMBER,
                    Character.DIRECTIONALITY_ARABIC_NUMBER -> LTR;
            default -> 0;
        };
    }
}

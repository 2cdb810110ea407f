package org.pairforge.page;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuplicateGlyphsTest {
    /** PDFBox 3.0's PDFTextStripper.processTextPosition duplicate check, as written there, for comparison. */
    private static final class PdfBoxRule {
        private final Map<String, TreeMap<Float, TreeSet<Float>>> characterListMapping = new HashMap<>();

        boolean duplicate(String textCharacter, float textX, float textY, float tolerance) {
            TreeMap<Float, TreeSet<Float>> sameTextCharacters = characterListMapping.computeIfAbsent(textCharacter, k -> new TreeMap<>());
            SortedMap<Float, TreeSet<Float>> xMatches = sameTextCharacters.subMap(textX - tolerance, textX + tolerance);
            for (TreeSet<Float> xMatch : xMatches.values()) {
                if (!xMatch.subSet(textY - tolerance, textY + tolerance).isEmpty()) {
                    return true;
                }
            }
            sameTextCharacters.computeIfAbsent(textX, k -> new TreeSet<>()).add(textY);
            return false;
        }
    }

    @Test
    void keepsAndDropsTheSameGlyphsAsPdfBox() {
        Random random = new Random(30);
        String[] texts = {"a", "e", ".", "fi", "0"};
        DuplicateGlyphs index = new DuplicateGlyphs(); // one per stripper, cleared for each page
        for (int page = 0; page < 200; page++) {
            PdfBoxRule reference = new PdfBoxRule();
            index.clear();
            int dropped = 0;
            for (int i = 0; i < 400; i++) {
                String text = texts[random.nextInt(texts.length)];
                float x;
                float y;
                // lines of text on a grid, some glyphs drawn again nearby, some far out or huge
                switch (random.nextInt(10)) {
                    case 0 -> { x = random.nextInt(40) * 6 + random.nextFloat(); y = random.nextInt(30) * 14 + random.nextFloat(); }
                    case 1 -> { x = (random.nextFloat() - 0.5f) * 4e7f; y = random.nextFloat() * 800; }
                    case 2 -> { x = random.nextInt(3) * 16f; y = random.nextInt(3) * 16f; } // on cell edges
                    case 3 -> { x = -0.0f; y = 0.0f; }
                    default -> { x = random.nextInt(40) * 6; y = random.nextInt(30) * 14; }
                }
                float width = switch (random.nextInt(12)) {
                    case 0 -> random.nextFloat() * 600; // a wide glyph: the tolerance spans many cells
                    case 1 -> 0f;
                    default -> 2 + random.nextFloat() * 8;
                };
                float tolerance = width / text.length() / 3.0f;
                boolean expected = reference.duplicate(text, x, y, tolerance);
                assertEquals(expected, index.duplicate(text, x, y, tolerance),
                        "page " + page + ", glyph " + i + ": '" + text + "' at " + x + "," + y + " within " + tolerance);
                dropped += expected ? 1 : 0;
            }
            assertTrue(dropped > 0 && dropped < 400, "the pages have both duplicates and glyphs of their own: " + dropped);
            assertFalse(index.onTrees(), "ordinary pages stay on the grid");
        }
    }

    @Test
    void pilesWideGlyphsAndFarPositionsMoveToTreesUnderTheSameRule() {
        Random random = new Random(31);
        for (int kind = 0; kind < 3; kind++) {
            boolean pile = kind == 0;
            boolean far = kind == 2;
            PdfBoxRule reference = new PdfBoxRule();
            DuplicateGlyphs index = new DuplicateGlyphs();
            for (int i = 0; i < 60_000; i++) {
                String text = i % 3 == 0 ? "a" : "b";
                float x;
                float y;
                float tolerance;
                if (pile && i < 30_000) { // zero-width glyphs, none a duplicate: a hostile page's pile in one spot
                    x = 5 + (i % 1000) * 0.001f;
                    y = 5 + (i / 1000) * 0.01f;
                    tolerance = 0;
                } else if (far && i < 30_000) { // beyond the grid's range
                    x = 2e7f + random.nextInt(50_000);
                    y = random.nextInt(100);
                    tolerance = random.nextFloat() * 3;
                } else if (kind == 1 && i % 2 == 0) { // wide glyphs, looked up against everything kept
                    x = random.nextInt(2000);
                    y = random.nextInt(2000);
                    tolerance = 40 + random.nextInt(100);
                } else {
                    x = random.nextInt(3000) * 0.5f;
                    y = random.nextInt(3000) * 0.5f;
                    tolerance = random.nextFloat() * 3;
                }
                assertEquals(reference.duplicate(text, x, y, tolerance), index.duplicate(text, x, y, tolerance),
                        "kind " + kind + ", glyph " + i);
            }
            assertTrue(index.onTrees(), "look-ups in trees, not walks over every position kept");
        }
    }

    @Test
    void oddPositionsAndTolerancesNeitherThrowNorMatchEverything() {
        DuplicateGlyphs index = new DuplicateGlyphs();
        assertFalse(index.duplicate("a", Float.NaN, 10, 2));
        assertFalse(index.duplicate("a", 10, 10, Float.NaN));
        assertFalse(index.duplicate("a", Float.POSITIVE_INFINITY, 10, 2));
        assertFalse(index.duplicate("a", 50, 50, -3)); // PDFBox's tree throws on the reversed range
        assertTrue(index.duplicate("a", 50.5f, 50, 2));
        assertTrue(index.duplicate("a", 0, 0, Float.POSITIVE_INFINITY));
        assertFalse(index.duplicate("b", 0, 0, Float.POSITIVE_INFINITY));
    }
}

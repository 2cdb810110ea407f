package org.pairforge.page;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * PDFBox's rule for text drawn twice (fake bold, a shadow drawn as text): a glyph is a duplicate when a glyph of the
 * same text was kept before with its x in {@code [x - t, x + t)} and its y in {@code [y - t, y + t)}, {@code t} a
 * third of the glyph's width per character; duplicates are dropped, the rest kept and remembered. PDFBox's text
 * stripper keeps the positions as boxed floats in a tree per text and walks sub-maps for every glyph, a quarter of
 * its time on a page; the same comparisons run here over float arrays in a grid, so the same glyphs are kept.
 * One page at a time; not thread-safe.
 */
final class DuplicateGlyphs {
    /** Grid cells in text space units; an ordinary glyph's ranges touch one to four of them. */
    private static final float CELL = 16f;
    /** Ranges wider than this read every position of the text instead of the cells they cover. */
    private static final float MAX_SPAN = 4 * CELL;
    /** Positions this far out (or not numbers) are kept beside the grid, so cell numbers stay small. */
    private static final float GRIDDED = 1e7f;

    private final Map<String, Points> byText = new HashMap<>();

    void clear() {
        byText.clear();
    }

    /**
     * Whether the glyph duplicates one kept before; when not, it is remembered. A negative tolerance matches
     * nothing (PDFBox's tree would throw on its reversed range).
     */
    boolean duplicate(String text, float x, float y, float tolerance) {
        Points points = byText.computeIfAbsent(text, t -> new Points());
        float x0 = x - tolerance;
        float x1 = x + tolerance;
        float y0 = y - tolerance;
        float y1 = y + tolerance;
        if (Float.compare(x0, x1) <= 0 && Float.compare(y0, y1) <= 0 && points.any(x0, x1, y0, y1)) {
            return true;
        }
        points.add(x, y);
        return false;
    }

    /** One text's kept positions, by grid cell, and those too far out for the grid. */
    private static final class Points {
        private final Map<Long, FloatPairs> grid = new HashMap<>();
        private final FloatPairs outside = new FloatPairs();

        boolean any(float x0, float x1, float y0, float y1) {
            if (gridded(x0) && gridded(x1) && gridded(y0) && gridded(y1) && x1 - x0 <= MAX_SPAN && y1 - y0 <= MAX_SPAN) {
                for (long cx = cell(x0), cxEnd = cell(x1); cx <= cxEnd; cx++) {
                    for (long cy = cell(y0), cyEnd = cell(y1); cy <= cyEnd; cy++) {
                        FloatPairs pairs = grid.get(key(cx, cy));
                        if (pairs != null && pairs.any(x0, x1, y0, y1)) {
                            return true;
                        }
                    }
                }
            } else {
                for (FloatPairs pairs : grid.values()) {
                    if (pairs.any(x0, x1, y0, y1)) {
                        return true;
                    }
                }
            }
            return outside.any(x0, x1, y0, y1);
        }

        void add(float x, float y) {
            if (gridded(x) && gridded(y)) {
                grid.computeIfAbsent(key(cell(x), cell(y)), k -> new FloatPairs()).add(x, y);
            } else {
                outside.add(x, y);
            }
        }

        /** False for a number outside the grid's range and for NaN. */
        private static boolean gridded(float v) {
            return v > -GRIDDED && v < GRIDDED;
        }

        /** Division by a power of two and floor are both monotonic, so a range's points lie in its end cells' span. */
        private static long cell(float v) {
            return (long) Math.floor(v / CELL);
        }

        private static Long key(long cx, long cy) {
            return (cx << 32) ^ (cy & 0xffffffffL);
        }
    }

    private static final class FloatPairs {
        private float[] xy = new float[8];
        private int size;

        void add(float x, float y) {
            if (size + 2 > xy.length) {
                xy = Arrays.copyOf(xy, xy.length * 2);
            }
            xy[size++] = x;
            xy[size++] = y;
        }

        boolean any(float x0, float x1, float y0, float y1) {
            for (int i = 0; i < size; i += 2) {
                // Float.compare as PDFBox's boxed keys compare: -0.0 before 0.0, NaN after every number
                if (Float.compare(xy[i], x0) >= 0 && Float.compare(xy[i], x1) < 0
                        && Float.compare(xy[i + 1], y0) >= 0 && Float.compare(xy[i + 1], y1) < 0) {
                    return true;
                }
            }
            return false;
        }
    }
}

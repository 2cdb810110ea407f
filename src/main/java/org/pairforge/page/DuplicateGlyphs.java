package org.pairforge.page;

import java.util.Arrays;

/**
 * PDFBox's rule for text drawn twice (fake bold, a shadow drawn as text): a glyph is a duplicate when a glyph of the
 * same text was kept before with its x in {@code [x - t, x + t)} and its y in {@code [y - t, y + t)}, {@code t} a
 * third of the glyph's width per character; duplicates are dropped, the rest kept and remembered. PDFBox's text
 * stripper keeps the positions as boxed floats in a tree per text and walks sub-maps for every glyph, a quarter of
 * its time on a page; the same comparisons run here over arrays, the positions chained by grid cell, so the same
 * glyphs are kept. A page no real document makes (hundreds of glyphs piled in one spot) moves to PDFBox's trees, so
 * no page costs more than it did there. One page at a time; not thread-safe.
 */
final class DuplicateGlyphs {
    /** Grid cells in text space units; an ordinary glyph's ranges touch one to four of them. */
    private static final float CELL = 16f;
    /** Ranges wider than this read every position instead of the cells they cover. */
    private static final float MAX_SPAN = 4 * CELL;
    /** Positions this far out (or not numbers) are chained apart from the grid, so cell numbers stay small. */
    private static final float GRIDDED = 1e7f;
    private static final int NONE = -1;
    /**
     * More positions than this in one cell (a hostile page's pile of zero-width glyphs) would make each look-up a
     * long walk: the index then moves to PDFBox's own trees for the rest of the page.
     */
    private static final int MAX_CHAIN = 256;
    /** Past this many positions a wide glyph's look-up, which reads them all, moves the page to the trees too. */
    private static final int MAX_SCAN = 4096;

    // The kept positions, in the order kept; next[i] chains a cell's positions, newest first.
    private float[] xs = new float[256];
    private float[] ys = new float[256];
    private String[] texts = new String[256];
    private int[] next = new int[256];
    private int size;
    /** Open addressing: a cell's key and the newest position in it, or NONE. */
    private long[] cellKeys = new long[512];
    private int[] cellHeads = new int[512];
    private int[] cellSizes = new int[512];
    private int cells;
    /** Set once a cell (or the positions outside the grid) overflowed, or a wide glyph came after many: PDFBox's structure, boxed floats by text, then x, then y. */
    private java.util.Map<String, java.util.TreeMap<Float, java.util.TreeSet<Float>>> trees;
    private int outside = NONE;
    private int outsideSize;

    DuplicateGlyphs() {
        Arrays.fill(cellHeads, NONE);
    }

    void clear() {
        if (cells > 0) {
            Arrays.fill(cellHeads, NONE);
        }
        Arrays.fill(texts, 0, size, null);
        size = 0;
        cells = 0;
        outside = NONE;
        outsideSize = 0;
        trees = null;
    }

    /**
     * Whether the glyph duplicates one kept before; when not, it is remembered. A negative tolerance matches
     * nothing (PDFBox's tree would throw on its reversed range).
     */
    boolean duplicate(String text, float x, float y, float tolerance) {
        float x0 = x - tolerance;
        float x1 = x + tolerance;
        float y0 = y - tolerance;
        float y1 = y + tolerance;
        if (trees == null && size > MAX_SCAN && !narrow(x0, x1, y0, y1)) {
            toTrees(); // a wide glyph would read every position kept
        }
        if (trees != null) {
            return inTrees(text, x, y, x0, x1, y0, y1);
        }
        if (Float.compare(x0, x1) <= 0 && Float.compare(y0, y1) <= 0 && any(text, x0, x1, y0, y1)) {
            return true;
        }
        add(text, x, y);
        return false;
    }

    /** Whether this page moved to trees (for tests). */
    boolean onTrees() {
        return trees != null;
    }

    private void toTrees() {
        trees = new java.util.HashMap<>();
        for (int k = 0; k < size; k++) {
            trees.computeIfAbsent(texts[k], t -> new java.util.TreeMap<>())
                    .computeIfAbsent(xs[k], v -> new java.util.TreeSet<>()).add(ys[k]);
        }
    }

    /** Whether the ranges are looked up by cell (else every position is read). */
    private static boolean narrow(float x0, float x1, float y0, float y1) {
        return gridded(x0) && gridded(x1) && gridded(y0) && gridded(y1) && x1 - x0 <= MAX_SPAN && y1 - y0 <= MAX_SPAN;
    }

    private boolean inTrees(String text, float x, float y, float x0, float x1, float y0, float y1) {
        java.util.TreeMap<Float, java.util.TreeSet<Float>> sameText = trees.computeIfAbsent(text, t -> new java.util.TreeMap<>());
        if (Float.compare(x0, x1) <= 0 && Float.compare(y0, y1) <= 0) {
            for (java.util.TreeSet<Float> column : sameText.subMap(x0, x1).values()) {
                if (!column.subSet(y0, y1).isEmpty()) {
                    return true;
                }
            }
        }
        sameText.computeIfAbsent(x, k -> new java.util.TreeSet<>()).add(y);
        return false;
    }

    private boolean any(String text, float x0, float x1, float y0, float y1) {
        if (narrow(x0, x1, y0, y1)) {
            for (long cx = cell(x0), cxEnd = cell(x1); cx <= cxEnd; cx++) {
                for (long cy = cell(y0), cyEnd = cell(y1); cy <= cyEnd; cy++) {
                    int slot = slot(key(cx, cy));
                    if (cellHeads[slot] != NONE && chainHas(cellHeads[slot], text, x0, x1, y0, y1)) {
                        return true;
                    }
                }
            }
            return chainHas(outside, text, x0, x1, y0, y1);
        }
        for (int i = 0; i < size; i++) {
            if (matches(i, text, x0, x1, y0, y1)) {
                return true;
            }
        }
        return false;
    }

    private boolean chainHas(int head, String text, float x0, float x1, float y0, float y1) {
        for (int i = head; i != NONE; i = next[i]) {
            if (matches(i, text, x0, x1, y0, y1)) {
                return true;
            }
        }
        return false;
    }

    /** Float.compare as PDFBox's boxed keys compare: -0.0 before 0.0, NaN after every number. */
    private boolean matches(int i, String text, float x0, float x1, float y0, float y1) {
        return Float.compare(xs[i], x0) >= 0 && Float.compare(xs[i], x1) < 0
                && Float.compare(ys[i], y0) >= 0 && Float.compare(ys[i], y1) < 0 && texts[i].equals(text);
    }

    private void add(String text, float x, float y) {
        if (size == xs.length) {
            int grown = size * 2;
            xs = Arrays.copyOf(xs, grown);
            ys = Arrays.copyOf(ys, grown);
            texts = Arrays.copyOf(texts, grown);
            next = Arrays.copyOf(next, grown);
        }
        int i = size++;
        xs[i] = x;
        ys[i] = y;
        texts[i] = text;
        if (gridded(x) && gridded(y)) {
            if ((cells + 1) * 2 > cellKeys.length) {
                rehash();
            }
            long key = key(cell(x), cell(y));
            int slot = slot(key);
            if (cellHeads[slot] == NONE) {
                cellKeys[slot] = key;
                cellSizes[slot] = 0;
                cells++;
            }
            next[i] = cellHeads[slot];
            cellHeads[slot] = i;
            if (++cellSizes[slot] > MAX_CHAIN) {
                toTrees();
            }
        } else {
            next[i] = outside;
            outside = i;
            if (++outsideSize > MAX_CHAIN) {
                toTrees();
            }
        }
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int slot(long key) {
        int mask = cellKeys.length - 1;
        int slot = (int) (key ^ (key >>> 29) ^ (key >>> 41)) * 0x9E3779B9 >>> 7 & mask;
        while (cellHeads[slot] != NONE && cellKeys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void rehash() {
        long[] oldKeys = cellKeys;
        int[] oldHeads = cellHeads;
        int[] oldSizes = cellSizes;
        cellKeys = new long[oldKeys.length * 2];
        cellHeads = new int[oldKeys.length * 2];
        cellSizes = new int[oldKeys.length * 2];
        Arrays.fill(cellHeads, NONE);
        for (int s = 0; s < oldKeys.length; s++) {
            if (oldHeads[s] != NONE) {
                int slot = slot(oldKeys[s]);
                cellKeys[slot] = oldKeys[s];
                cellHeads[slot] = oldHeads[s];
                cellSizes[slot] = oldSizes[s];
            }
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

    private static long key(long cx, long cy) {
        return (cx << 32) ^ (cy & 0xffffffffL);
    }
}

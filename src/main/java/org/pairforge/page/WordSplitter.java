package org.pairforge.page;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups positioned glyphs, in content-stream order, into words and lines, and builds the page text from
 * them, so the text and the word boxes always agree. Segmentation works in each glyph's own text-direction
 * frame ({@code along}, {@code baseline}), so a rotated axis label segments like upright text.
 *
 * <p>A word ends at whitespace, at a gap wider than a fifth of the glyph height, where the pen steps back
 * (overlapping or stacked labels), where the baseline moves (a new line) or the direction changes. Each CJK
 * character is a word of its own: CJK text has no spaces, and per-character boxes are what OCR wants; in the
 * page text a run of CJK characters, and whatever touches it without a gap, stays unspaced, as written.
 *
 * <p>Content-stream order is reading order for TeX and Chromium, but Flying Saucer paints a line's styled
 * inline elements (an {@code <i>} title, an {@code <abbr>}) after the rest of the line, into the gaps left
 * for them: "Now, Wilson?” Mr." for "Now, Mr. Wilson?”". So a piece of a line that steps back into a gap of
 * that line is put where it stands. A piece that would overlap the line's glyphs (labels drawn over each
 * other) keeps its place in the stream.
 */
final class WordSplitter {
    /**
     * One glyph: its text, its box in image pixels, and its position in its direction frame (points).
     */
    record Glyph(String text, float x0, float y0, float x1, float y1,
                 float dir, float along0, float along1, float baseline, float height, String font, int picture) {

        Glyph(String text, float x0, float y0, float x1, float y1, float dir, float along0, float along1,
              float baseline, float height) {
            this(text, x0, y0, x1, y1, dir, along0, along1, baseline, height, null, -1);
        }

        /** For tests and simple callers: an upright glyph whose frame is its box. */
        static Glyph upright(String text, float x0, float y0, float x1, float y1) {
            return new Glyph(text, x0, y0, x1, y1, 0, x0, x1, y1, y1 - y0);
        }
    }

    /**
     * The words of a page and its text: words joined by spaces, lines by newlines; {@code glyphs} holds each
     * word's glyphs (same order as {@code words}).
     */
    record Result(List<WordBox> words, String text, List<List<Glyph>> glyphs) {
    }

    private WordSplitter() {
    }

    static Result segment(List<Glyph> painted) {
        List<Glyph> glyphs = readingOrder(painted.stream().filter(g -> !Ink.NOTHING.all(g.text())).toList());
        List<WordBox> words = new ArrayList<>();
        List<List<Glyph>> wordGlyphs = new ArrayList<>();
        List<Glyph> current = new ArrayList<>();
        StringBuilder pageText = new StringBuilder();
        StringBuilder word = new StringBuilder();
        float[] box = null;
        Glyph previous = null;
        List<Integer> lineStarts = new ArrayList<>(List.of(0));
        for (Glyph g : glyphs) {
            if (isSpace(g)) {
                box = flush(words, wordGlyphs, current, pageText, word, box);
                continue;
            }
            boolean newLine = previous != null && !sameLine(previous, g);
            boolean newWord = newLine || previous != null && (gapBefore(previous, g) || stepsBack(previous, g)
                    || outOfScale(previous, g));
            if (newWord) {
                box = flush(words, wordGlyphs, current, pageText, word, box);
            }
            if (newLine) {
                lineStarts.add(words.size());
            }
            if (newLine && pageText.length() > 0) {
                pageText.setCharAt(pageText.length() - 1, '\n');
            }
            // CJK is written without spaces, also next to other scripts' marks it touches ("曰：“君" has none):
            // only a real gap or a space glyph puts one there.
            boolean touchesCjk = !newWord && previous != null && (isCjk(previous.text()) || isCjk(g.text()));
            previous = g;
            if (isCjk(g.text())) {
                box = flush(words, wordGlyphs, current, pageText, word, box);
                if (touchesCjk) {
                    dropTrailingSpace(pageText);
                }
                word.append(g.text());
                current.add(g);
                box = new float[]{g.x0(), g.y0(), g.x1(), g.y1()};
                box = flush(words, wordGlyphs, current, pageText, word, box);
                continue;
            }
            if (touchesCjk && word.length() == 0) {
                dropTrailingSpace(pageText);
            }
            word.append(g.text());
            current.add(g);
            box = box == null ? new float[]{g.x0(), g.y0(), g.x1(), g.y1()}
                    : new float[]{Math.min(box[0], g.x0()), Math.min(box[1], g.y0()),
                    Math.max(box[2], g.x1()), Math.max(box[3], g.y1())};
        }
        flush(words, wordGlyphs, current, pageText, word, box);
        lineStarts.add(words.size());
        return inReadingDirection(new Result(words, pageText.toString().strip(), wordGlyphs), lineStarts);
    }

    /** Right-to-left lines and words read as they are read, not as their glyphs stand ({@link RightToLeft}). */
    private static Result inReadingDirection(Result visual, List<Integer> lineStarts) {
        if (!RightToLeft.any(visual.text())) {
            return visual; // nothing right to left on the page, the usual case
        }
        List<WordBox> words = new ArrayList<>(visual.words().size());
        List<List<Glyph>> glyphs = new ArrayList<>(visual.words().size());
        java.util.Map<WordBox, List<Glyph>> glyphsOf = new java.util.IdentityHashMap<>();
        for (int i = 0; i < visual.words().size(); i++) {
            glyphsOf.put(visual.words().get(i), visual.glyphs().get(i));
        }
        for (int l = 0; l + 1 < lineStarts.size(); l++) {
            List<WordBox> line = visual.words().subList(lineStarts.get(l), lineStarts.get(l + 1));
            int base = RightToLeft.direction(String.join(" ", line.stream().map(WordBox::text).toList()));
            for (WordBox w : RightToLeft.readingOrder(line, word -> RightToLeft.direction(word.text()), base)) {
                words.add(new WordBox(w.x0(), w.y0(), w.x1(), w.y1(), RightToLeft.logical(w.text())));
                glyphs.add(glyphsOf.get(w));
            }
        }
        String text = String.join("\n", visual.text().lines().map(RightToLeft::logical).toList());
        return new Result(words, text, glyphs);
    }

    /**
     * Format characters (a word joiner before a dash, a zero-width space, a soft hyphen not at a break) draw
     * nothing, but a PDF may still place a glyph with a width for them: Chromium's "one”\u2060—he" read as
     * "one”\u2060 —he". They are not on the image, so they are not in the text. A no-break space is a space:
     * Chromium places one for every {@code &nbsp;}, which was a word of its own.
     */
    private static boolean isSpace(Glyph g) {
        return g.text().isEmpty() || Ink.SPACE.all(g.text());
    }

    private static boolean sameLine(Glyph a, Glyph b) {
        return a.dir() == b.dir() && Math.abs(a.baseline() - b.baseline()) <= 0.5f * Math.max(a.height(), b.height());
    }

    private static boolean stepsBack(Glyph previous, Glyph g) {
        return g.along0() < previous.along1() - 0.5f * g.height();
    }

    /**
     * A glyph three times as tall as the letter before it and not centred with it (a display's big parenthesis
     * hanging next to the last word of the text line above it, "column(") does not continue that word.
     */
    private static boolean outOfScale(Glyph previous, Glyph g) {
        if (previous.dir() != 0 || g.dir() != 0 || previous.text().isEmpty()
                || !Character.isLetterOrDigit(previous.text().codePointAt(0))) {
            return false;
        }
        float ha = previous.y1() - previous.y0(), hb = g.y1() - g.y0();
        if (ha <= 0 || hb < 3f * ha) {
            return false;
        }
        return Math.abs((previous.y0() + previous.y1()) - (g.y0() + g.y1())) / 2 > 0.5f * ha;
    }

    private static boolean gapBefore(Glyph previous, Glyph g) {
        return g.along0() - previous.along1() > 0.2f * g.height();
    }

    /** The glyphs with each line's pieces that were painted late moved into the gaps they fill. */
    static List<Glyph> readingOrder(List<Glyph> glyphs) {
        List<Glyph> ordered = new ArrayList<>(glyphs.size());
        int start = 0;
        while (start < glyphs.size()) {
            int end = start + 1;
            while (end < glyphs.size() && sameLine(glyphs.get(end - 1), glyphs.get(end))) {
                end++;
            }
            ordered.addAll(orderLine(glyphs.subList(start, end)));
            start = end;
        }
        return ordered;
    }

    private static List<Glyph> orderLine(List<Glyph> run) {
        int firstStep = 1;
        while (firstStep < run.size() && !stepsBack(run.get(firstStep - 1), run.get(firstStep))) {
            firstStep++;
        }
        if (firstStep == run.size()) {
            return run; // painted left to right, the usual case
        }
        List<Glyph> line = new ArrayList<>(run.subList(0, firstStep));
        // What was painted after the pen stepped back goes word by word: "The Morning Chronicle" and "April
        // 27, 1890" are painted one after the other, into two gaps with "of" between them.
        int wordStart = firstStep;
        for (int i = firstStep + 1; i <= run.size(); i++) {
            if (i < run.size() && !endsWord(run.get(i - 1), run.get(i))) {
                continue;
            }
            List<Glyph> word = run.subList(wordStart, i);
            int at = gapFor(line, word);
            if (at < 0) {
                line.addAll(word);
            } else {
                line.addAll(at, word);
            }
            wordStart = i;
        }
        return line;
    }

    private static boolean endsWord(Glyph previous, Glyph g) {
        return isSpace(previous) || isSpace(g) || stepsBack(previous, g) || gapBefore(previous, g)
                || outOfScale(previous, g);
    }

    /** Where in {@code line} the piece fits between glyphs without covering any, or -1. */
    private static int gapFor(List<Glyph> line, List<Glyph> piece) {
        float from = Float.MAX_VALUE;
        float to = -Float.MAX_VALUE;
        for (Glyph g : piece) {
            if (!isSpace(g)) {
                from = Math.min(from, g.along0());
                to = Math.max(to, g.along1());
            }
        }
        if (from > to) {
            return -1; // only spaces: nothing to place
        }
        float slack = 0.1f * piece.get(0).height();
        int at = 0;
        while (at < line.size() && line.get(at).along0() < from) {
            at++;
        }
        for (Glyph g : line) {
            if (!isSpace(g) && g.along1() > from + slack && g.along0() < to - slack) {
                return -1; // it would cover a glyph of the line
            }
        }
        return at == line.size() ? -1 : at;
    }

    private static void dropTrailingSpace(StringBuilder pageText) {
        if (pageText.length() > 0 && pageText.charAt(pageText.length() - 1) == ' ') {
            pageText.setLength(pageText.length() - 1);
        }
    }

    private static float[] flush(List<WordBox> words, List<List<Glyph>> wordGlyphs, List<Glyph> glyphs,
                                 StringBuilder pageText, StringBuilder word, float[] box) {
        if (box != null && word.length() > 0) {
            words.add(new WordBox((int) Math.floor(box[0]), (int) Math.floor(box[1]),
                    (int) Math.ceil(box[2]), (int) Math.ceil(box[3]), word.toString()));
            wordGlyphs.add(List.copyOf(glyphs));
            pageText.append(word).append(' ');
        }
        glyphs.clear();
        word.setLength(0);
        return null;
    }

    static boolean isCjk(String s) {
        int cp = s.codePointAt(0);
        if (cp < 0x1100) { // below Hangul Jamo, the first of these scripts: a table search saved on most text
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef); // CJK punctuation, full width
    }
}

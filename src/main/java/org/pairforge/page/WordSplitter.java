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
 */
final class WordSplitter {
    /**
     * One glyph: its text, its box in image pixels, and its position in its direction frame (points).
     */
    record Glyph(String text, float x0, float y0, float x1, float y1,
                 float dir, float along0, float along1, float baseline, float height) {

        /** For tests and simple callers: an upright glyph whose frame is its box. */
        static Glyph upright(String text, float x0, float y0, float x1, float y1) {
            return new Glyph(text, x0, y0, x1, y1, 0, x0, x1, y1, y1 - y0);
        }
    }

    /** The words of a page and its text: words joined by spaces, lines by newlines. */
    record Result(List<WordBox> words, String text) {
    }

    private WordSplitter() {
    }

    static Result segment(List<Glyph> glyphs) {
        List<WordBox> words = new ArrayList<>();
        StringBuilder pageText = new StringBuilder();
        StringBuilder word = new StringBuilder();
        float[] box = null;
        Glyph previous = null;
        for (Glyph g : glyphs) {
            if (g.text().isBlank()) {
                box = flush(words, pageText, word, box);
                continue;
            }
            boolean newLine = previous != null && (g.dir() != previous.dir()
                    || Math.abs(g.baseline() - previous.baseline()) > 0.5f * Math.max(g.height(), previous.height()));
            boolean newWord = newLine || previous != null && (g.along0() - previous.along1() > 0.2f * g.height()
                    || g.along0() < previous.along1() - 0.5f * g.height());
            if (newWord) {
                box = flush(words, pageText, word, box);
            }
            if (newLine && pageText.length() > 0) {
                pageText.setCharAt(pageText.length() - 1, '\n');
            }
            // CJK is written without spaces, also next to other scripts' marks it touches ("曰：“君" has none):
            // only a real gap or a space glyph puts one there.
            boolean touchesCjk = !newWord && previous != null && (isCjk(previous.text()) || isCjk(g.text()));
            previous = g;
            if (isCjk(g.text())) {
                box = flush(words, pageText, word, box);
                if (touchesCjk) {
                    dropTrailingSpace(pageText);
                }
                word.append(g.text());
                box = new float[]{g.x0(), g.y0(), g.x1(), g.y1()};
                box = flush(words, pageText, word, box);
                continue;
            }
            if (touchesCjk && word.length() == 0) {
                dropTrailingSpace(pageText);
            }
            word.append(g.text());
            box = box == null ? new float[]{g.x0(), g.y0(), g.x1(), g.y1()}
                    : new float[]{Math.min(box[0], g.x0()), Math.min(box[1], g.y0()),
                    Math.max(box[2], g.x1()), Math.max(box[3], g.y1())};
        }
        flush(words, pageText, word, box);
        return new Result(words, pageText.toString().strip());
    }

    private static void dropTrailingSpace(StringBuilder pageText) {
        if (pageText.length() > 0 && pageText.charAt(pageText.length() - 1) == ' ') {
            pageText.setLength(pageText.length() - 1);
        }
    }

    private static float[] flush(List<WordBox> words, StringBuilder pageText, StringBuilder word, float[] box) {
        if (box != null && word.length() > 0) {
            words.add(new WordBox((int) Math.floor(box[0]), (int) Math.floor(box[1]),
                    (int) Math.ceil(box[2]), (int) Math.ceil(box[3]), word.toString()));
            pageText.append(word).append(' ');
        }
        word.setLength(0);
        return null;
    }

    static boolean isCjk(String s) {
        int cp = s.codePointAt(0);
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef); // CJK punctuation, full width
    }
}

package org.pairforge.markdown;

import org.junit.jupiter.api.Test;
import org.pairforge.page.LaidGlyph;
import org.pairforge.page.LaidWord;
import org.pairforge.page.WordBox;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bold and italic runs in a line's Markdown: where the markers go around punctuation and glued words. */
class PageWriterTest {
    private static final String ROMAN = "Body-Book"; // sorts before the italic: a tie of glyph counts would pick it
    private static final String ITALIC = "Body-Italic";
    private static final String BOLD = "Body-Bold";

    /** A word on one line at x, each character a glyph in the font its letter says: r roman, i italic, b bold. */
    private static LaidWord word(int x, String text, String faces) {
        List<LaidGlyph> glyphs = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            String font = switch (faces.charAt(i)) {
                case 'i' -> ITALIC;
                case 'b' -> BOLD;
                default -> ROMAN;
            };
            glyphs.add(new LaidGlyph(text.substring(i, i + 1), x + 8 * i, 100, x + 8 * i + 8, 116, 112, font, -1));
        }
        return new LaidWord(new WordBox(x, 100, x + 8 * text.length(), 116, text), glyphs);
    }

    /** The words of one line, spaced as a page sets them, in a paragraph of mostly roman text. */
    private static String paragraph(boolean[] glued, LaidWord... ws) {
        List<LaidWord> all = new ArrayList<>(List.of(ws));
        int x = 2000;
        for (int i = 0; i < 12; i++, x += 60) {
            all.add(word(x, "plain", "rrrrr")); // body text, so that the page's body style is roman
        }
        PageWriter writer = new PageWriter(all, MarkdownOptions.defaults(), true);
        if (glued != null) {
            boolean[] g = new boolean[all.size()];
            System.arraycopy(glued, 0, g, 0, glued.length);
            writer.glued(g);
        }
        writer.text(BlockType.PARAGRAPH, IntStream.range(0, ws.length).boxed().toList());
        return writer.build().md().strip();
    }

    @Test
    void punctuationInAnotherFaceStaysOutsideTheRun() {
        // "<i>Sophy Anderson</i>," printed as the words "Sophy" and "Anderson," whose comma is roman.
        assertEquals("the _Sophy Anderson_, of", paragraph(null, word(0, "the", "rrr"), word(40, "Sophy", "iiiii"),
                word(100, "Anderson,", "iiiiiiiir"), word(200, "of", "rr")));
        assertEquals("“_quoted_” and (**bold**).", paragraph(null, word(0, "“quoted”", "riiiiiir"), word(100, "and", "rrr"),
                word(140, "(bold).", "rbbbbrr")));
    }

    @Test
    void aWordsFaceIsItsLetters() {
        // "‘<i>L’homme … tout</i>,’" printed as "‘L" "’homme" … "tout,’": the quotes do not vote for a word's face.
        assertEquals("said ‘_L ’homme c’est tout_,’ as", paragraph(null, word(0, "said", "rrrr"), word(40, "‘L", "ri"),
                word(60, "’homme", "iiiiii"), word(120, "c’est", "iiiii"), word(170, "tout,’", "iiiirr"), word(230, "as", "rr")));
    }

    @Test
    void punctuationInTheSameFaceStaysInside() {
        // "<i>Sophy Anderson,</i>": the comma is italic too, so it is part of the run.
        assertEquals("the _Sophy Anderson,_ of", paragraph(null, word(0, "the", "rrr"), word(40, "Sophy", "iiiii"),
                word(100, "Anderson,", "iiiiiiiii"), word(200, "of", "rr")));
    }

    @Test
    void gluedWordsGetNoSpace() {
        // A web page's "<i>Anderson</i>," and "(<b>bold</b>)": text nodes of their own, printed against each other.
        boolean[] glued = {false, false, true, false, false, true, true};
        assertEquals("the _Anderson_, and (**bold**)", paragraph(glued, word(0, "the", "rrr"), word(40, "Anderson", "iiiiiiii"),
                word(104, ",", "r"), word(120, "and", "rrr"), word(160, "(", "r"), word(168, "bold", "bbbb"), word(200, ")", "r")));
    }

    @Test
    void aChangeOfFaceBetweenTwoLettersIsNotMarked() {
        // "<b>foo</b>bar": "**foo**bar" would do, "_foo_bar" would not; the run goes on to the word's end.
        boolean[] glued = {false, false, true};
        assertEquals("a _foobar_", paragraph(glued, word(0, "a", "r"), word(20, "foo", "iii"), word(44, "bar", "rrr")));
    }

    @Test
    void chineseWordsWrittenWithoutSpacesKeepTheirMarkers() {
        // A caption's bold label before plain characters: no space between them, and the run still closes.
        assertEquals("**表1**预定", paragraph(null, word(0, "表1", "bb"), word(16, "预", "r"), word(24, "定", "r")));
    }
}

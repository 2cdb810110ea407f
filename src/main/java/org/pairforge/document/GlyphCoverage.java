package org.pairforge.document;

import org.pairforge.page.Ink;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict glyph coverage: characters the source shows that no rendered page has were dropped for want of a
 * glyph (Flying Saucer silently skips them). Compared after NFKC and case folding, so ligatures and
 * text-transform are not mistaken for losses; text in head, script and style is not shown, so not counted.
 */
final class GlyphCoverage {
    private static final Set<String> HIDDEN = Set.of("head", "script", "style", "title");

    private GlyphCoverage() {
    }

    /** The characters of {@code source} missing from {@code rendered}, in code point order. */
    static String missing(Document source, String rendered) {
        Set<Integer> present = new TreeSet<>();
        fold(rendered).codePoints().forEach(present::add);
        Set<Integer> lost = new TreeSet<>();
        fold(shownText(source)).codePoints().filter(cp -> needsGlyph(cp) && !present.contains(cp)).forEach(lost::add);
        StringBuilder out = new StringBuilder();
        lost.forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The text a reader sees: every text node outside head, script and style. */
    static String shownText(Document source) {
        StringBuilder shown = new StringBuilder();
        collect(source.getDocumentElement(), shown);
        return shown.toString();
    }

    /** Whether a character is drawn with a glyph (spaces, controls and format characters are not). */
    static boolean needsGlyph(int cp) {
        return Ink.of(cp) == Ink.MARK;
    }

    private static void collect(Node node, StringBuilder out) {
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            out.append(node.getNodeValue());
            return;
        }
        if (node.getNodeType() == Node.ELEMENT_NODE && HIDDEN.contains(node.getLocalName())) {
            return;
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            collect(c, out);
        }
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}

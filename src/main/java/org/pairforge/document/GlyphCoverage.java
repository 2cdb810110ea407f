package org.pairforge.document;

import org.pairforge.page.Ink;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict glyph coverage: characters the source shows that no rendered page has were dropped for want of a
 * glyph (Flying Saucer silently skips them). Compared after NFKC and case folding, so ligatures and
 * text-transform are not mistaken for losses; text in head, script and style, and text the renderer's styles
 * hide (display: none, visibility: hidden), is not shown, so not counted.
 */
final class GlyphCoverage {
    static final Set<String> HIDDEN = Set.of("head", "script", "style", "title");

    private GlyphCoverage() {
    }

    /** The characters of {@code shown} missing from {@code rendered}, in code point order. */
    static String missing(String shown, String rendered) {
        Set<Integer> present = new TreeSet<>();
        fold(rendered).codePoints().forEach(present::add);
        Set<Integer> lost = new TreeSet<>();
        fold(shown).codePoints().filter(cp -> needsGlyph(cp) && !present.contains(cp)).forEach(lost::add);
        StringBuilder out = new StringBuilder();
        lost.forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Whether an element's own text is drawn, and whether its children are laid out at all. */
    interface Visibility {
        Visibility ALL = new Visibility() {
            @Override
            public boolean displayed(Element e) {
                return true;
            }

            @Override
            public boolean visible(Element e) {
                return true;
            }
        };

        /** False for display: none, which hides a whole subtree. */
        boolean displayed(Element e);

        /** False for visibility: hidden, which a descendant may turn back on. */
        boolean visible(Element e);
    }

    /** The text of every text node outside head, script and style: all a reader could be shown. */
    static String shownText(Document source) {
        return shownText(source, Visibility.ALL);
    }

    /** The text a reader is shown, as the renderer's styles decide it. */
    static String shownText(Document source, Visibility visibility) {
        StringBuilder shown = new StringBuilder();
        collect(source.getDocumentElement(), visibility, true, shown);
        return shown.toString();
    }

    /** Whether a character is drawn with a glyph (spaces, controls and format characters are not). */
    static boolean needsGlyph(int cp) {
        return Ink.of(cp) == Ink.MARK;
    }

    private static void collect(Node node, Visibility visibility, boolean visible, StringBuilder out) {
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            if (visible) {
                out.append(node.getNodeValue());
            }
            return;
        }
        boolean childrenVisible = visible;
        if (node instanceof Element e) {
            if (HIDDEN.contains(e.getLocalName()) || !visibility.displayed(e)) {
                return;
            }
            childrenVisible = visibility.visible(e);
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            collect(c, visibility, childrenVisible, out);
        }
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}

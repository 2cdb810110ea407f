package org.pairforge.document;

import org.pairforge.page.LaidWord;
import org.pairforge.page.RenderedPage;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A chapter's MathML formulas placed on the printed words that draw them, so that a page's Markdown writes each
 * formula as its LaTeX ({@code \( \)} inline, {@code \[ \]} for {@code display="block"}) where the page prints it.
 * Formulas are found in document order in the chapter's glyphs (all pages, in drawing order), each by the text it
 * prints preceded by the text just before it in the DOM, so that a one-letter formula is not taken for the same
 * letter in the prose before it. A formula the engine draws otherwise (glyphs the DOM does not hold) is not
 * found; its words stay as printed.
 */
final class ChapterMath {
    /** How much of the DOM's text before a formula anchors it. */
    private static final int CONTEXT = 16;
    /** How far past the last placed formula the next is looked for, in glyphs. */
    private static final int WINDOW = 20_000;

    record Formula(String latex, boolean display, String printed, String before) {
    }

    /** Per page: each word's replacement text (null: as printed; "": nothing) and display formula (-1: none). */
    record Placed(String[] replacement, int[] display) {
    }

    private final List<Formula> formulas;

    private ChapterMath(List<Formula> formulas) {
        this.formulas = formulas;
    }

    List<Formula> formulas() {
        return formulas;
    }

    static ChapterMath of(Document dom) {
        List<Formula> found = new ArrayList<>();
        if (dom == null || dom.getDocumentElement() == null) {
            return new ChapterMath(found);
        }
        StringBuilder text = new StringBuilder();
        List<Node> stack = new ArrayList<>(List.of(dom.getDocumentElement()));
        int seen = 0;
        while (!stack.isEmpty() && seen++ < 2_000_000) {
            Node n = stack.remove(stack.size() - 1);
            if (n instanceof Element e && MathMl.isMath(e)) {
                String printed = MathMl.printed(e);
                String before = squeeze(text.toString());
                before = before.substring(Math.max(0, before.length() - CONTEXT));
                found.add(new Formula(MathMl.latex(e), MathMl.display(e), printed, before));
                // the next formula is anchored on prose only: an engine may draw this one's glyphs in another order
                text.setLength(0);
                continue;
            }
            if (n instanceof Element e && ("head".equals(MathMl.name(e)) || "script".equals(MathMl.name(e))
                    || "style".equals(MathMl.name(e)))) {
                continue;
            }
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
                if (text.length() > 4 * CONTEXT) {
                    text.delete(0, text.length() - 2 * CONTEXT);
                }
            }
            for (Node c = n.getLastChild(); c != null; c = c.getPreviousSibling()) {
                stack.add(c);
            }
        }
        return new ChapterMath(found);
    }

    boolean isEmpty() {
        return formulas.isEmpty();
    }

    /** Places every formula it can find on the chapter's pages (in page order). */
    /**
     * A chapter's printed words as one stream of squeezed characters, each with the page, word and place in the
     * word it comes from ({@code at[i] = {page, word, offset}}): what formulas and the DOM's text are found in.
     */
    record Printed(String text, List<int[]> at) {
        static Printed of(List<RenderedPage> pages) {
            StringBuilder stream = new StringBuilder();
            List<int[]> at = new ArrayList<>();
            for (int p = 0; p < pages.size(); p++) {
                List<LaidWord> words = pages.get(p).layout().words();
                for (int w = 0; w < words.size(); w++) {
                    String s = squeeze(words.get(w).box().text());
                    for (int i = 0; i < s.length(); i++) {
                        stream.append(s.charAt(i));
                        at.add(new int[]{p, w, i});
                    }
                }
            }
            return new Printed(stream.toString(), at);
        }
    }

    List<Placed> place(List<RenderedPage> pages, Printed printed) {
        String stream = printed.text();
        List<int[]> at = printed.at();
        List<Placed> placed = new ArrayList<>();
        for (RenderedPage page : pages) {
            int n = page.layout().words().size();
            placed.add(new Placed(new String[n], filled(n)));
        }
        int cursor = 0;
        for (int f = 0; f < formulas.size(); f++) {
            Formula formula = formulas.get(f);
            String target = squeeze(formula.printed());
            if (target.isEmpty()) {
                continue;
            }
            int limit = Math.min(stream.length(), cursor + WINDOW);
            int[] span = find(stream, cursor, limit, formula.before(), target);
            if (span == null) {
                continue;
            }
            int start = span[0];
            int end = span[1];
            mark(pages, placed, at, start, end, f);
            cursor = end;
        }
        return placed;
    }

    /**
     * Where the formula's glyphs are in {@code stream[from, limit)}: right after its anchor (the prose before it),
     * its printed characters in order with a few others between them (a radical sign, a fraction's parts drawn
     * apart); without an anchor, only a formula of three or more characters, found exactly.
     *
     * @return {start, end}, or null
     */
    private static int[] find(CharSequence stream, int from, int limit, String before, String target) {
        if (!before.isEmpty()) {
            String window = stream.subSequence(from, limit).toString();
            int extra = 2 + target.length() / 3;
            for (int a = window.indexOf(before), tries = 0; a >= 0 && tries < 50; a = window.indexOf(before, a + 1), tries++) {
                int start = from + a + before.length();
                int i = start, t = 0, skipped = 0;
                while (t < target.length() && i < limit && skipped <= extra) {
                    if (stream.charAt(i) == target.charAt(t)) {
                        t++;
                    } else if (t == 0) {
                        break; // the formula starts right after its anchor
                    } else {
                        skipped++;
                    }
                    i++;
                }
                if (t == target.length()) {
                    return new int[]{start, i};
                }
            }
        }
        if (target.length() >= 3 || before.isEmpty()) {
            int plain = stream.subSequence(from, limit).toString().indexOf(target);
            return plain < 0 ? null : new int[]{from + plain, from + plain + target.length()};
        }
        return null;
    }

    /** Writes formula {@code f} over the glyphs [start, end): its first word carries the LaTeX, the rest nothing. */
    private void mark(List<RenderedPage> pages, List<Placed> placed, List<int[]> at, int start, int end, int f) {
        Formula formula = formulas.get(f);
        boolean first = true;
        int i = start;
        while (i < end) {
            int p = at.get(i)[0], w = at.get(i)[1];
            String word = squeeze(pages.get(p).layout().words().get(w).box().text());
            int from = at.get(i)[2];
            int j = i;
            while (j < end && at.get(j)[0] == p && at.get(j)[1] == w) {
                j++;
            }
            int to = at.get(j - 1)[2] + 1;
            Placed pl = placed.get(p);
            // what the word is written as so far: an earlier formula in it, else its printed text before this one
            String already = pl.replacement()[w] != null ? pl.replacement()[w] : word.substring(0, from);
            String suffix = word.substring(to);
            if (formula.display()) {
                pl.display()[w] = f;
                pl.replacement()[w] = "";
            } else {
                pl.replacement()[w] = already + (first ? "\\(" + formula.latex() + "\\)" : "") + suffix;
            }
            first = false;
            i = j;
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    /** Text as matched: compatibility forms and case folded, minus signs as hyphens, invisible operators and spaces out. */
    static String squeeze(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(n.length());
        n.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c >= 0x2061 && c <= 0x2064 || c == 0x200B || c == 0xAD) {
                return;
            }
            // lower case: CSS's text-transform prints "A SCANDAL" for the DOM's "A Scandal"
            int folded = Character.toLowerCase(c);
            out.appendCodePoint(c == 0x2212 ? '-' : Character.charCount(folded) == Character.charCount(c) ? folded : c);
        });
        return out.toString();
    }
}

package org.pairforge.document;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import org.pairforge.page.LaidWord;
import org.pairforge.page.RenderedPage;
import org.pairforge.markdown.PageWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What each printed word of a chapter is, from the chapter's DOM, for an engine whose PDF carries no structure
 * (Flying Saucer): the DOM's text, each character with the block element it is in (heading, paragraph, list item
 * with its depth and number, table cell on the table's grid with its spans, caption, preformatted text), is
 * aligned with the chapter's printed glyphs (Myers' diff, java-diff-utils), and each word takes the block most of
 * its characters are in. Printed text the DOM does not hold (a list's numbers, generated content) goes with the
 * word after it on its line, else the word before. The words stay the page's, so the Markdown is cut at the page.
 */
final class DomStructure {
    /** Chapters longer than this (characters of text, either side) are read by their PDF: the diff is quadratic at worst. */
    private static final int MAX_CHARS = 400_000;
    private static final Set<String> SKIP = Set.of("head", "script", "style", "template", "noscript", "title", "rt", "rp");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "aside", "header", "footer",
            "main", "nav", "blockquote", "address", "dd", "dt", "center", "body", "figure", "form", "fieldset", "details",
            "summary", "hgroup");

    private final List<Character> chars = new ArrayList<>();
    /** The chapter's images in document order, as Markdown: {@code ![alt](src)}. */
    private final List<String> images = new ArrayList<>();
    private final List<PdfStructure.Leaf> leafOfChar = new ArrayList<>();
    private int order;

    private DomStructure() {
    }

    /**
     * Per page, each word's leaf and each picture's Markdown; null when the DOM cannot be aligned (too long, or no
     * text).
     */
    record Page(PdfStructure.Leaf[] leaves, List<String> pictures) {
    }

    static List<Page> align(Document dom, List<RenderedPage> pages, ChapterMath.Printed glyphs, java.time.Duration limit) {
        if (dom == null || dom.getDocumentElement() == null) {
            return null;
        }
        DomStructure d = new DomStructure();
        d.walk(dom.getDocumentElement(), null, 0, 0);
        List<Character> printed = new ArrayList<>(glyphs.text().length());
        for (int i = 0; i < glyphs.text().length(); i++) {
            printed.add(glyphs.text().charAt(i));
        }
        List<int[]> at = glyphs.at();
        if (d.chars.isEmpty() || printed.isEmpty() || printed.size() > MAX_CHARS) {
            return null;
        }
        // A chapter cut short by --max-pages printed only the start of its DOM's text: align with that start
        int keep = (int) Math.min(d.chars.size(), Math.min(MAX_CHARS, printed.size() * 3L / 2 + 2000));
        List<Character> domChars = d.chars.subList(0, keep);
        if (!similar(domChars, printed)) {
            return null;
        }
        PdfStructure.Leaf[] leafOfPrinted = new PdfStructure.Leaf[printed.size()];
        Patch<Character> patch;
        try {
            // Myers' diff takes time in proportion to the differences: bounded by what is left of the document's
            // time, past which the page is read by its PDF instead
            patch = org.pairforge.core.TimeLimit.run(limit, "aligning the DOM with the page (--render-timeout)",
                    () -> DiffUtils.diff(domChars, printed, new com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace<>()));
        } catch (org.pairforge.core.TimeLimit.Exceeded | java.util.concurrent.ExecutionException e) {
            return null;
        }
        int source = 0, target = 0;
        for (AbstractDelta<Character> delta : patch.getDeltas()) {
            while (source < delta.getSource().getPosition() && target < delta.getTarget().getPosition()) {
                leafOfPrinted[target++] = d.leafOfChar.get(source++);
            }
            source = delta.getSource().getPosition() + delta.getSource().size();
            target = delta.getTarget().getPosition() + delta.getTarget().size();
        }
        while (source < domChars.size() && target < printed.size()) {
            leafOfPrinted[target++] = d.leafOfChar.get(source++);
        }
        List<PdfStructure.Leaf[]> result = new ArrayList<>();
        for (RenderedPage page : pages) {
            result.add(new PdfStructure.Leaf[page.layout().words().size()]);
        }
        // each word: the leaf most of its aligned characters have (a word's characters are one run of the stream)
        int i = 0;
        while (i < at.size()) {
            int p = at.get(i)[0], w = at.get(i)[1];
            java.util.Map<PdfStructure.Leaf, Integer> votes = new java.util.IdentityHashMap<>();
            PdfStructure.Leaf best = null;
            int bestVotes = 0;
            for (; i < at.size() && at.get(i)[0] == p && at.get(i)[1] == w; i++) {
                if (leafOfPrinted[i] != null) {
                    int v = votes.merge(leafOfPrinted[i], 1, Integer::sum);
                    if (v > bestVotes) {
                        best = leafOfPrinted[i];
                        bestVotes = v;
                    }
                }
            }
            result.get(p)[w] = best;
        }
        for (int p = 0; p < pages.size(); p++) {
            fillGaps(pages.get(p).layout().words(), result.get(p));
        }
        // Raster pictures in drawing order are the DOM's images in document order, when there are as many.
        int drawn = pages.stream().mapToInt(pg -> (int) pg.layout().pictures().stream().filter(x -> x.kind().equals("image")).count()).sum();
        java.util.Iterator<String> image = drawn == d.images.size() ? d.images.iterator() : null;
        List<Page> out = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            List<String> pictures = new ArrayList<>();
            for (var pic : pages.get(p).layout().pictures()) {
                pictures.add(image != null && pic.kind().equals("image") ? image.next() : "");
            }
            out.add(new Page(result.get(p), pictures));
        }
        return out;
    }

    /**
     * Whether the printed characters are nearly all the DOM's (by count, under a tenth not): only then is the diff
     * short. A chapter whose printed text is far from its DOM's (generated text, an engine's own rendering) is read
     * by its PDF instead.
     */
    static boolean similar(List<Character> dom, List<Character> printed) {
        java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
        dom.forEach(c -> counts.merge(c, 1, Integer::sum));
        long missing = 0;
        for (char c : printed) {
            int left = counts.merge(c, -1, Integer::sum);
            if (left < 0) {
                missing++;
            }
        }
        return missing <= 0.1 * printed.size() + 50;
    }

    /**
     * A word the DOM does not hold (a list's number, generated content) takes the block of the nearest word to its
     * right on its line (engines may draw list markers apart from their items), else the previous word's.
     */
    private static void fillGaps(List<LaidWord> words, PdfStructure.Leaf[] leaves) {
        boolean[] aligned = new boolean[leaves.length];
        for (int w = 0; w < leaves.length; w++) {
            aligned[w] = leaves[w] != null;
        }
        for (int w = 0; w < leaves.length; w++) {
            if (aligned[w]) {
                continue;
            }
            var box = words.get(w).box();
            float h = Math.max(1, box.y1() - box.y0());
            float base = PageWriter.baseline(words.get(w));
            int best = -1;
            for (int o = 0; o < leaves.length; o++) {
                var ob = words.get(o).box();
                if (aligned[o] && ob.x0() >= box.x1() - 1 && Math.abs(PageWriter.baseline(words.get(o)) - base) < 0.5f * h
                        && (best < 0 || ob.x0() < words.get(best).box().x0())) {
                    best = o;
                }
            }
            if (best >= 0) {
                leaves[w] = leaves[best];
            }
        }
        PdfStructure.Leaf previous = null;
        for (int w = 0; w < leaves.length; w++) {
            if (leaves[w] == null) {
                leaves[w] = previous != null ? previous : new PdfStructure.Leaf(-1, null, 0);
            }
            previous = leaves[w];
        }
    }

    private PdfStructure.Element element(String type) {
        return new PdfStructure.Element(type, null);
    }

    /**
     * Walks the DOM in document order. {@code block} is the element the text goes to (null: a container's own
     * text gets an anonymous paragraph), {@code depth} the list depth.
     */
    private void walk(Element e, PdfStructure.Element block, int listDepth, int depth) {
        if (depth > 600) {
            return;
        }
        String name = MathMl.name(e);
        if (SKIP.contains(name)) {
            return;
        }
        if (MathMl.isMath(e)) {
            text(MathMl.printed(e), block == null ? element("P") : block, listDepth);
            return;
        }
        PdfStructure.Element here = block;
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> here = element("H" + name.charAt(1));
            case "li" -> {
                here = element("LI");
                here.number = number(e);
            }
            case "pre" -> here = element("Code");
            case "blockquote" -> here = element("BlockQuote");
            case "figcaption", "caption" -> here = element("Caption");
            case "table" -> {
                here = element("Table");
                cells(e, here, listDepth, depth);
                return;
            }
            case "ul", "ol", "dl" -> listDepth++;
            case "img" -> {
                String alt = e.getAttribute("alt").replaceAll("[\\[\\]]", "").replaceAll("\\s+", " ").strip();
                String src = e.getAttribute("src").replaceAll("[()\\s]", "");
                images.add(src.startsWith("data:") || src.length() > 300 ? "![" + alt + "]()" : "![" + alt + "](" + src + ")");
                return;
            }
            default -> {
                if (block != null && block.type.equals("BlockQuote") && name.equals("p")) {
                    here = element("BlockQuote"); // each paragraph of a quotation quoted on its own
                } else if (BLOCKS.contains(name) && (block == null || !block.type.equals("LI") && !block.type.equals("TD")
                        && !block.type.equals("TH") && !block.type.equals("Caption") && !block.type.equals("Code")
                        && !block.type.equals("BlockQuote")
                        && !block.type.startsWith("H"))) {
                    here = null; // a container: its own text runs are paragraphs, its blocks their own
                }
            }
        }
        PdfStructure.Element anonymous = null;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce) {
                String cn = MathMl.name(ce);
                boolean inline = !BLOCKS.contains(cn) && !Set.of("h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote",
                        "figcaption", "caption", "table", "ul", "ol", "dl", "hr").contains(cn);
                if (here == null && inline) {
                    if (anonymous == null) {
                        anonymous = element("P");
                    }
                    walk(ce, anonymous, listDepth, depth + 1);
                } else {
                    anonymous = null;
                    walk(ce, here, listDepth, depth + 1);
                }
            } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                String t = c.getNodeValue();
                if (here == null) {
                    if (t.isBlank()) {
                        continue;
                    }
                    if (anonymous == null) {
                        anonymous = element("P");
                    }
                    text(t, anonymous, listDepth);
                } else {
                    text(t, here, listDepth);
                }
            }
        }
    }

    private void text(String t, PdfStructure.Element block, int listDepth) {
        String s = ChapterMath.squeeze(t);
        if (s.isEmpty()) {
            return;
        }
        PdfStructure.Leaf leaf = new PdfStructure.Leaf(order++, block, listDepth);
        for (int i = 0; i < s.length(); i++) {
            chars.add(s.charAt(i));
            leafOfChar.add(leaf);
        }
    }

    /** A list item's number: its {@code value}, else its place in an {@code <ol>} from the list's {@code start}. */
    private static int number(Element li) {
        if (!(li.getParentNode() instanceof Element list) || !"ol".equals(MathMl.name(list))) {
            return 0;
        }
        if (!li.getAttribute("value").isBlank()) {
            return parse(li.getAttribute("value"), 0);
        }
        int n = parse(list.getAttribute("start"), 1);
        for (Node c = list.getFirstChild(); c != null && c != li; c = c.getNextSibling()) {
            if (c instanceof Element ce && "li".equals(MathMl.name(ce))) {
                n = ce.getAttribute("value").isBlank() ? n + 1 : parse(ce.getAttribute("value"), n) + 1;
            }
        }
        return Math.max(0, n);
    }

    private static int parse(String s, int otherwise) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A table's cells on its grid (rows of thead, tbody, tfoot in order; rowspan and colspan), walked in order. */
    private void cells(Element table, PdfStructure.Element t, int listDepth, int depth) {
        List<Element> rows = new ArrayList<>();
        for (Node c = table.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce) {
                String n = MathMl.name(ce);
                if (n.equals("tr")) {
                    rows.add(ce);
                } else if (n.equals("thead") || n.equals("tbody") || n.equals("tfoot")) {
                    for (Node r = ce.getFirstChild(); r != null; r = r.getNextSibling()) {
                        if (r instanceof Element re && "tr".equals(MathMl.name(re))) {
                            rows.add(re);
                        }
                    }
                } else if (n.equals("caption")) {
                    walk(ce, null, listDepth, depth + 1);
                }
            }
        }
        java.util.Set<Long> taken = new java.util.HashSet<>();
        for (int r = 0; r < rows.size() && r < 10_000; r++) {
            int column = 0;
            for (Node c = rows.get(r).getFirstChild(); c != null; c = c.getNextSibling()) {
                if (!(c instanceof Element cell) || !Set.of("td", "th").contains(MathMl.name(cell))) {
                    continue;
                }
                while (taken.contains(((long) r << 32) | column)) {
                    column++;
                }
                PdfStructure.Element e = element(MathMl.name(cell).toUpperCase(Locale.ROOT));
                e.table = t;
                e.row = r;
                e.column = column;
                e.rowspan = Math.max(1, Math.min(1000, parse(cell.getAttribute("rowspan"), 1)));
                e.colspan = Math.max(1, Math.min(1000, parse(cell.getAttribute("colspan"), 1)));
                for (int dr = 0; dr < e.rowspan && dr < 1000; dr++) {
                    for (int dc = 0; dc < e.colspan; dc++) {
                        taken.add(((long) (r + dr) << 32) | (column + dc));
                    }
                }
                walk(cell, e, listDepth, depth + 1);
                column += e.colspan;
            }
        }
    }
}

package org.pairforge.document;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDMarkedContentReference;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureNode;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureTreeRoot;
import org.apache.pdfbox.pdmodel.documentinterchange.taggedpdf.PDTableAttributeObject;
import org.pairforge.markdown.BlockType;
import org.pairforge.markdown.MarkdownOptions;
import org.pairforge.markdown.PageMarkdown;
import org.pairforge.markdown.PageWriter;
import org.pairforge.page.LaidGlyph;
import org.pairforge.page.LaidWord;
import org.pairforge.page.PageLayout;
import org.pairforge.page.RenderedPage;
import org.pairforge.page.WordBox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What each printed word of a PDF page is, and so the page's Markdown and blocks. A tagged PDF says it in its
 * structure tree ({@code StructTreeRoot}: headings, paragraphs, lists, tables, figures, with each glyph's
 * marked-content id pointing into it, running heads and page numbers marked {@code /Artifact}); other PDFs are
 * read from the page's layout: lines of one baseline, lines joined into paragraphs by their spacing, headings by
 * a font larger than the page's body text (or a short bold line), list items by their printed labels, lines at
 * the page's top and bottom edge as running heads and page numbers. The words stay the page's own, in the order
 * the content stream draws them (born-digital PDFs draw in reading order, columns one after the other).
 */
final class PdfStructure {
    private static final Set<String> BLOCKS = Set.of("P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Title", "LI", "Lbl",
            "LBody", "Table", "TR", "TH", "TD", "Figure", "Caption", "Note", "FENote", "Formula", "Code", "BlockQuote",
            "TOCI", "BibEntry", "Aside");
    private static final Pattern PAGE_NUMBER = Pattern.compile("(?i)[-–—\\s]*(page\\s*)?[0-9ivxlc]{1,6}(\\s*(of|/)\\s*[0-9]+)?[-–—\\s]*");
    private static final Pattern CHOICE = Pattern.compile("[A-H][.)．](?![A-Za-z]).*");
    private static final Pattern QUESTION = Pattern.compile("[0-9]{1,3}[.．]");
    private static final Pattern CAPTION = Pattern.compile("(?i)(figure|fig\\.|table|tab\\.|listing|图|表)\\s*[0-9A-Z]+[.:].*");
    /** Bounds on a hostile structure tree. */
    private static final int MAX_NODES = 500_000;
    private static final int MAX_DEPTH = 200;

    private final MarkdownOptions options;
    /** Tagged: per page index, per MCID, the leaf it is content of. Null for a PDF read by layout. */
    private final Map<Integer, Map<Integer, Leaf>> tagged;

    /** A structure element's place: reading order, block element, list depth, table cell. */
    record Leaf(int order, Element block, int listDepth) {
    }

    /**
     * A block-level structure element and what its Markdown needs, by the standard structure types of a tagged
     * PDF (H1–H6, P, LI, Table, TD, TH, Figure, Caption, Note, Formula, Code), whether a PDF's tree or a DOM said it.
     */
    static final class Element {
        final String type;
        String alt;
        Element table;        // for a cell: its table
        int row, column, rowspan = 1, colspan = 1;
        int number;           // a list item's number in an ordered list (0: a bullet, or unknown)

        Element(String type, String alt) {
            this.type = type;
            this.alt = alt;
        }
    }

    private final boolean mendHyphens;

    private PdfStructure(MarkdownOptions options, Map<Integer, Map<Integer, Leaf>> tagged, boolean mendHyphens) {
        this.options = options;
        this.tagged = tagged;
        this.mendHyphens = mendHyphens;
    }

    /** A PDF from outside: words hyphenated at a line's end are mended. */
    static PdfStructure of(PDDocument doc, MarkdownOptions options) {
        return of(doc, options, true);
    }

    /** @param mendHyphens false for a chapter an HTML engine printed (it hyphenates nothing itself) */
    static PdfStructure of(PDDocument doc, MarkdownOptions options, boolean mendHyphens) {
        try {
            PDStructureTreeRoot root = doc.getDocumentCatalog().getStructureTreeRoot();
            if (root != null && doc.getDocumentCatalog().getMarkInfo() != null
                    && doc.getDocumentCatalog().getMarkInfo().isMarked()) {
                Map<Integer, Map<Integer, Leaf>> leaves = new Walk(doc).run(root);
                if (!leaves.isEmpty()) {
                    return new PdfStructure(options, leaves, mendHyphens);
                }
            }
        } catch (RuntimeException | java.io.IOException e) {
            // a structure tree that does not parse: the layout says what the words are
        }
        return new PdfStructure(options, null, mendHyphens);
    }

    /** Pages read through their DOM ({@link #domPage}) or by layout: the PDF's structure tree is not walked. */
    static PdfStructure untagged(MarkdownOptions options, boolean mendHyphens) {
        return new PdfStructure(options, null, mendHyphens);
    }

    /** {@code tagged} or {@code layout}: where the page's structure came from. */
    String kind() {
        return tagged != null ? "tagged" : "layout";
    }

    PageMarkdown page(RenderedPage page) {
        return page(page, null, null);
    }

    /** @param math the chapter's MathML formulas and where this page prints them, or nulls */
    PageMarkdown page(RenderedPage page, ChapterMath math, ChapterMath.Placed placed) {
        try {
            PageWriter writer = writer(page, math, placed);
            return tagged != null ? taggedPage(page, writer) : layoutPage(page, writer);
        } catch (RuntimeException e) {
            return PageMarkdown.failed("the page's structure could not be read: " + e);
        }
    }

    private PageWriter writer(RenderedPage page, ChapterMath math, ChapterMath.Placed placed) {
        PageWriter writer = new PageWriter(page.layout().words(), options, mendHyphens);
        if (placed != null) {
            writer.math(placed.replacement(), placed.display(), math.formulas().stream().map(ChapterMath.Formula::latex).toList());
        }
        return writer;
    }

    /** Walks the structure tree once, numbering elements in reading order (depth first, as the tree orders them). */
    private static final class Walk {
        private final Map<COSDictionary, Integer> pageIndex = new IdentityHashMap<>();
        private final Map<Integer, Map<Integer, Leaf>> leaves = new HashMap<>();
        private int order;
        private int nodes;

        Walk(PDDocument doc) {
            int i = 0;
            for (org.apache.pdfbox.pdmodel.PDPage p : doc.getPages()) {
                pageIndex.put(p.getCOSObject(), i++);
            }
        }

        Map<Integer, Map<Integer, Leaf>> run(PDStructureTreeRoot root) throws java.io.IOException {
            for (Object kid : root.getKids()) {
                if (kid instanceof PDStructureElement e) {
                    element(e, null, null, 0, 0, null);
                }
            }
            return leaves;
        }

        private void element(PDStructureElement e, Element block, Element table, int listDepth, int depth,
                             COSDictionary page) throws java.io.IOException {
            if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
                throw new java.io.IOException("the structure tree is larger than " + MAX_NODES + " elements or "
                        + MAX_DEPTH + " deep");
            }
            String type = e.getStandardStructureType();
            type = type == null ? "" : type;
            if (e.getPage() != null) {
                page = e.getPage().getCOSObject();
            }
            if (type.equals("Table")) {
                table = new Element("Table", e.getAlternateDescription());
                block = table;
                cells(e, table);
            } else if (type.equals("L")) {
                listDepth++;
            } else if (type.equals("TD") || type.equals("TH")) {
                Element cell = cellOf.get(e.getCOSObject());
                if (cell != null) {
                    block = cell;
                }
            } else if (type.equals("Figure") && block != null && block.type.equals("Figure")) {
                if ((block.alt == null || block.alt.isBlank()) && e.getAlternateDescription() != null) {
                    block.alt = e.getAlternateDescription(); // <figure><img alt>: the image's alt is the figure's
                }
            } else if (type.equals("Caption") && block != null && block.type.equals("Figure")) {
                block = new Element(type, null); // a figure's caption is a block of its own
            } else if (type.equals("LI") && table == null) {
                block = new Element(type, null); // a list item, nested in another or not
            } else if (BLOCKS.contains(type) && (block == null || !block.type.equals("LI") && table == null
                    && !block.type.equals("Figure") && !block.type.equals("Formula"))) {
                if (!type.equals("Lbl") && !type.equals("LBody") && !type.equals("TR")) {
                    block = new Element(type, e.getAlternateDescription());
                }
            }
            for (Object kid : e.getKids()) {
                if (kid instanceof PDStructureElement child) {
                    element(child, block, table, listDepth, depth + 1, page);
                } else if (kid instanceof Integer mcid) {
                    leaf(page, mcid, block, listDepth);
                } else if (kid instanceof PDMarkedContentReference ref) {
                    COSDictionary p = ref.getPage() != null ? ref.getPage().getCOSObject() : page;
                    leaf(p, ref.getMCID(), block, listDepth);
                }
            }
        }

        /** By the element's dictionary: PDFBox makes a new wrapper object each time it lists a node's kids. */
        private final Map<COSDictionary, Element> cellOf = new IdentityHashMap<>();

        /** Places a table's cells on its grid, from its rows in order and the cells' ColSpan and RowSpan. */
        private void cells(PDStructureElement tableElement, Element table) {
            List<PDStructureElement> rows = new ArrayList<>();
            collectRows(tableElement, rows, 0);
            Map<Long, Boolean> taken = new HashMap<>();
            for (int r = 0; r < rows.size(); r++) {
                int column = 0;
                for (Object kid : rows.get(r).getKids()) {
                    if (!(kid instanceof PDStructureElement cell)) {
                        continue;
                    }
                    String t = cell.getStandardStructureType();
                    if (!"TD".equals(t) && !"TH".equals(t)) {
                        continue;
                    }
                    while (taken.containsKey(((long) r << 32) | column)) {
                        column++;
                    }
                    Element c = new Element(t, null);
                    c.table = table;
                    c.row = r;
                    c.column = column;
                    var attributes = cell.getAttributes();
                    for (int k = 0; k < attributes.size(); k++) {
                        if (attributes.getObject(k) instanceof PDTableAttributeObject ta) {
                            c.rowspan = Math.max(1, Math.min(1000, ta.getRowSpan()));
                            c.colspan = Math.max(1, Math.min(1000, ta.getColSpan()));
                        }
                    }
                    for (int dr = 0; dr < c.rowspan; dr++) {
                        for (int dc = 0; dc < c.colspan; dc++) {
                            taken.put(((long) (r + dr) << 32) | (column + dc), true);
                        }
                    }
                    cellOf.put(cell.getCOSObject(), c);
                    column += c.colspan;
                }
            }
        }

        private static void collectRows(PDStructureNode node, List<PDStructureElement> rows, int depth) {
            if (depth > 4) {
                return;
            }
            for (Object kid : node.getKids()) {
                if (kid instanceof PDStructureElement e) {
                    String t = e.getStandardStructureType();
                    if ("TR".equals(t)) {
                        rows.add(e);
                    } else if ("THead".equals(t) || "TBody".equals(t) || "TFoot".equals(t)) {
                        collectRows(e, rows, depth + 1);
                    }
                }
            }
        }

        private void leaf(COSDictionary page, int mcid, Element block, int listDepth) {
            Integer index = page == null ? null : pageIndex.get(page);
            if (index == null) {
                return;
            }
            leaves.computeIfAbsent(index, k -> new HashMap<>()).putIfAbsent(mcid, new Leaf(order++, block, listDepth));
        }
    }

    /**
     * A page whose words' structure elements a DOM said (see {@link DomStructure}): written as a tagged page is,
     * running heads and page numbers aside (an HTML page has none).
     */
    PageMarkdown domPage(RenderedPage page, DomStructure.Page dom, ChapterMath math, ChapterMath.Placed placed) {
        try {
            PageWriter writer = writer(page, math, placed);
            Leaf[] leafOf = dom.leaves();
            boolean[] inPicture = new boolean[leafOf.length];
            for (int i = 0; i < leafOf.length; i++) {
                inPicture[i] = page.layout().words().get(i).picture() >= 0; // an SVG's labels: part of its picture
            }
            writeLeaves(page, writer, leafOf, inPicture, false);
            List<PageLayout.Picture> pictures = page.layout().pictures();
            for (int p = 0; p < pictures.size(); p++) {
                PageLayout.Picture pic = pictures.get(p);
                if (!underText(pic, page.layout().words())) { // a background is no figure
                    writer.picture(new int[]{pic.x0(), pic.y0(), pic.x1(), pic.y1()}, dom.pictures().get(p));
                }
            }
            return writer.build();
        } catch (RuntimeException e) {
            return PageMarkdown.failed("the page's structure could not be read: " + e);
        }
    }

    private PageMarkdown taggedPage(RenderedPage page, PageWriter writer) {
        Map<Integer, Leaf> leaves = tagged.getOrDefault(page.pageNumber() - 1, Map.of());
        List<LaidWord> words = page.layout().words();
        int n = words.size();
        // Each word's leaf; a word without one (untagged text) goes with the word before it in drawing order.
        Leaf[] leafOf = new Leaf[n];
        boolean[] artifact = new boolean[n];
        Leaf previous = null;
        for (int i = 0; i < n; i++) {
            int mark = words.get(i).glyphs().isEmpty() ? LaidGlyph.UNMARKED : words.get(i).glyphs().get(0).mark();
            if (mark == LaidGlyph.ARTIFACT) {
                artifact[i] = true;
                continue;
            }
            Leaf leaf = mark >= 0 ? leaves.get(mark) : null;
            leafOf[i] = leaf != null ? leaf : previous;
            if (leafOf[i] == null) {
                leafOf[i] = new Leaf(-1, null, 0);
            }
            previous = leafOf[i];
        }
        writeLeaves(page, writer, leafOf, artifact, true);
        return writer.build();
    }

    /** @param furniture whether the words left out ({@code skip}) are running heads and page numbers */
    private void writeLeaves(RenderedPage page, PageWriter writer, Leaf[] leafOf, boolean[] artifact, boolean furniture) {
        List<LaidWord> words = page.layout().words();
        int n = words.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!artifact[i]) {
                order.add(i);
            }
        }
        order.sort(java.util.Comparator.comparingInt((Integer i) -> leafOf[i].order()).thenComparingInt(i -> i));
        int i = 0;
        while (i < order.size()) {
            Element block = leafOf[order.get(i)].block();
            Element unit = block != null && block.table != null ? block.table : block;
            int j = i;
            List<Integer> ws = new ArrayList<>();
            while (j < order.size()) {
                Element b = leafOf[order.get(j)].block();
                Element u = b != null && b.table != null ? b.table : b;
                if (u != unit) {
                    break;
                }
                ws.add(order.get(j));
                j++;
            }
            writeTagged(writer, unit, ws, leafOf, page);
            i = j;
        }
        if (furniture) {
            furniture(writer, page, words, artifact);
        }
    }

    private void writeTagged(PageWriter writer, Element unit, List<Integer> ws, Leaf[] leafOf, RenderedPage page) {
        String type = unit == null ? "P" : unit.type;
        switch (type) {
            case "H1", "H2", "H3", "H4", "H5", "H6" -> writer.heading(type.charAt(1) - '0', ws);
            case "H" -> writer.heading(2, ws);
            case "Title" -> writer.text(BlockType.TITLE, ws);
            case "LI" -> {
                String first = page.layout().words().get(ws.get(0)).box().text();
                int number = unit.number > 0 ? unit.number : labelNumber(first);
                writer.listItem(Math.max(0, leafOf[ws.get(0)].listDepth() - 1), number, ws);
            }
            case "Table" -> {
                Map<Element, List<Integer>> byCell = new java.util.LinkedHashMap<>();
                for (int w : ws) {
                    Element cell = leafOf[w].block();
                    if (cell != null && cell.table != null) {
                        byCell.computeIfAbsent(cell, k -> new ArrayList<>()).add(w);
                    }
                }
                if (byCell.size() >= 2 && byCell.values().stream().allMatch(c ->
                        CHOICE.matcher(page.layout().words().get(c.get(0)).box().text()).matches())) {
                    // an exam's choices set out in a grid: the question's list of choices, not a table
                    byCell.values().forEach(c -> writer.listItem(1, 0, c));
                    return;
                }
                List<PageWriter.Cell> cells = new ArrayList<>();
                for (Map.Entry<Element, List<Integer>> c : byCell.entrySet()) {
                    Element e = c.getKey();
                    cells.add(new PageWriter.Cell(e.row, e.column, e.rowspan, e.colspan, e.type.equals("TH"), c.getValue()));
                }
                writer.table(cells);
            }
            case "Figure" -> writer.figure(null, ws, unit.alt == null ? "" : unit.alt.strip());
            case "Formula" -> {
                if (unit.alt != null && !unit.alt.isBlank()) {
                    writer.formula(unit.alt, ws, null);
                } else {
                    writer.text(BlockType.FORMULA, ws);
                }
            }
            case "Caption" -> writer.text(BlockType.CAPTION, ws);
            case "BlockQuote" -> writer.quote(ws);
            case "Note", "FENote" -> writer.text(BlockType.FOOTNOTE, ws);
            case "Code" -> writer.code(ws);
            default -> {
                String first = page.layout().words().get(ws.get(0)).box().text();
                if (type.equals("P") && ws.size() > 1 && QUESTION.matcher(first).matches()) {
                    // a numbered question (an exam's "3. …"): an item of the numbered list its choices go under
                    writer.listItem(0, Integer.parseInt(first.substring(0, first.length() - 1)), ws);
                } else {
                    writer.text(BlockType.PARAGRAPH, ws);
                }
            }
        }
    }

    private static boolean underText(PageLayout.Picture pic, List<LaidWord> words) {
        for (LaidWord w : words) {
            WordBox b = w.box();
            float cx = (b.x0() + b.x1()) / 2f, cy = (b.y0() + b.y1()) / 2f;
            if (w.picture() < 0 && cx >= pic.x0() && cx < pic.x1() && cy >= pic.y0() && cy < pic.y1()) {
                return true;
            }
        }
        return false;
    }

    /** Artifacts (a tagged PDF's running heads, page numbers, decorations) as furniture, one block per line. */
    private static void furniture(PageWriter writer, RenderedPage page, List<LaidWord> words, boolean[] artifact) {
        List<Integer> ws = new ArrayList<>();
        for (int i = 0; i < artifact.length; i++) {
            if (artifact[i]) {
                ws.add(i);
            }
        }
        for (List<Integer> line : PageWriter.lines(words, ws)) {
            writer.furniture(furnitureType(page, words, line), line);
        }
    }

    private static BlockType furnitureType(RenderedPage page, List<LaidWord> words, List<Integer> line) {
        String text = text(words, line);
        if (PAGE_NUMBER.matcher(text).matches()) {
            return BlockType.PAGE_NUMBER;
        }
        return words.get(line.get(0)).box().y0() < page.height() / 2 ? BlockType.PAGE_HEADER : BlockType.PAGE_FOOTER;
    }

    private static String text(List<LaidWord> words, List<Integer> ws) {
        StringBuilder s = new StringBuilder();
        for (int w : ws) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(words.get(w).box().text());
        }
        return s.toString();
    }

    /**
     * Words in drawing order grouped into visual lines: a word joins the line when it shares most of its height
     * with the line's (sub- and superscripts, a fraction's parts, a big operator's limits stay on their line) and
     * does not go back to the line's left (a new line, or a new column).
     */
    private static List<List<Integer>> visualLines(List<LaidWord> words, List<Integer> ws) {
        List<List<Integer>> lines = new ArrayList<>();
        List<Integer> line = null;
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0, lastX1 = 0;
        for (int w : ws) {
            WordBox b = words.get(w).box();
            boolean joins = false;
            if (line != null) {
                float overlap = Math.min(y1, b.y1()) - Math.max(y0, b.y0());
                float h = Math.min(y1 - y0, b.y1() - b.y0());
                joins = overlap >= 0.3f * Math.max(1, h) && b.x0() >= x0 - 2 && b.x0() <= lastX1 + 4 * Math.max(1, y1 - y0);
            }
            if (!joins) {
                line = new ArrayList<>();
                lines.add(line);
                x0 = b.x0();
                y0 = b.y0();
                x1 = b.x1();
                y1 = b.y1();
            } else {
                x1 = Math.max(x1, b.x1());
                // the line's band is its body's: a superscript does not widen it for the line below
                if (b.y1() - b.y0() >= 0.8f * (y1 - y0)) {
                    y0 = Math.min(y0, b.y0());
                    y1 = Math.max(y1, b.y1());
                }
            }
            line.add(w);
            lastX1 = b.x1();
        }
        return lines;
    }

    /** A printed line of a page read by its layout. */
    private static final class Line {
        final List<Integer> words;
        final float x0, y0, x1, y1, size, baseline;
        final String text;
        final boolean bold, mono;

        Line(List<LaidWord> all, List<Integer> words) {
            this.words = words;
            float a = Float.MAX_VALUE, b = Float.MAX_VALUE, c = -Float.MAX_VALUE, d = -Float.MAX_VALUE;
            for (int w : words) {
                WordBox box = all.get(w).box();
                a = Math.min(a, box.x0());
                b = Math.min(b, box.y0());
                c = Math.max(c, box.x1());
                d = Math.max(d, box.y1());
            }
            x0 = a;
            y0 = b;
            x1 = c;
            y1 = d;
            baseline = PageWriter.baseline(all.get(words.get(0)));
            text = PdfStructure.text(all, words);
            Map<Float, Integer> sizes = new HashMap<>();
            int boldChars = 0, monoChars = 0, chars = 0;
            for (int w : words) {
                LaidWord word = all.get(w);
                for (LaidGlyph g : word.glyphs()) {
                    sizes.merge(Math.round(g.size() * 2) / 2f, 1, Integer::sum);
                    chars++;
                    String f = g.font() == null ? "" : g.font().toLowerCase(Locale.ROOT);
                    if ((org.pairforge.markdown.FontStyle.of(f) & 1) != 0) {
                        boldChars++;
                    }
                    if (f.contains("mono") || f.contains("courier") || f.contains("cmtt") || f.contains("sftt")
                            || f.contains("consol") || f.contains("code") || f.contains("menlo")) {
                        monoChars++;
                    }
                }
            }
            size = mode(sizes);
            bold = chars > 0 && boldChars == chars;
            mono = chars > 0 && monoChars == chars;
        }

        float height() {
            return Math.max(1, y1 - y0);
        }
    }

    private static float mode(Map<Float, Integer> counts) {
        float best = 0;
        int bestCount = -1;
        for (Map.Entry<Float, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount || e.getValue() == bestCount && e.getKey() < best) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    private PageMarkdown layoutPage(RenderedPage page, PageWriter writer) {
        List<LaidWord> words = page.layout().words();
        List<PageLayout.Picture> pictures = page.layout().pictures();
        List<Integer> text = new ArrayList<>();
        Map<Integer, List<Integer>> inPicture = new java.util.TreeMap<>();
        for (int i = 0; i < words.size(); i++) {
            int p = words.get(i).picture();
            if (p >= 0) {
                inPicture.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            } else {
                text.add(i);
            }
        }
        List<Line> lines = new ArrayList<>();
        for (List<Integer> l : visualLines(words, text)) {
            lines.add(new Line(words, l));
        }
        Map<Float, Integer> sizes = new HashMap<>();
        for (Line l : lines) {
            sizes.merge(l.size, l.text.length(), Integer::sum);
        }
        float body = mode(sizes);
        // Figures are placed among the text where their top is.
        List<int[]> figures = new ArrayList<>();
        for (int p = 0; p < pictures.size(); p++) {
            PageLayout.Picture pic = pictures.get(p);
            figures.add(new int[]{p, pic.y0()});
        }
        int i = 0;
        boolean first = true;
        while (i < lines.size()) {
            Line line = lines.get(i);
            int j = i + 1;
            BlockType furniture = edge(page, line);
            if (furniture == null) {
                float[] box = {line.x0, line.y0, line.x1, line.y1};
                while (j < lines.size() && continues(lines.get(j - 1), lines.get(j), box, page)) {
                    Line b = lines.get(j);
                    box[0] = Math.min(box[0], b.x0);
                    box[1] = Math.min(box[1], b.y0);
                    box[2] = Math.max(box[2], b.x1);
                    box[3] = Math.max(box[3], b.y1);
                    j++;
                }
            }
            List<Line> group = lines.subList(i, j);
            for (java.util.Iterator<int[]> it = figures.iterator(); it.hasNext(); ) {
                int[] f = it.next();
                if (f[1] <= line.y0 && furniture == null) {
                    figure(writer, pictures.get(f[0]), inPicture.getOrDefault(f[0], List.of()));
                    it.remove();
                }
            }
            write(writer, group, body, furniture, page, first);
            if (furniture == null) {
                first = false;
            }
            i = j;
        }
        for (int[] f : figures) {
            figure(writer, pictures.get(f[0]), inPicture.getOrDefault(f[0], List.of()));
        }
        return writer.build();
    }

    private static void figure(PageWriter writer, PageLayout.Picture p, List<Integer> ws) {
        writer.figure(new int[]{p.x0(), p.y0(), p.x1(), p.y1()}, ws, "");
    }

    /** A single short line at the page's top or bottom edge: a running head, footer or page number. */
    private static BlockType edge(RenderedPage page, Line line) {
        float h = page.height();
        boolean top = line.y1 < 0.08f * h, bottom = line.y0 > 0.92f * h;
        if (!top && !bottom || line.words.size() > 15) {
            return null;
        }
        if (PAGE_NUMBER.matcher(line.text).matches()) {
            return BlockType.PAGE_NUMBER;
        }
        return top ? BlockType.PAGE_HEADER : BlockType.PAGE_FOOTER;
    }

    /**
     * Whether line {@code b} goes on the block whose last line is {@code a} and whose box is {@code box}: it lies
     * within a line's height of the block's bottom (not above its top: that is a new column), shares its columns,
     * its font size and weight, is not a new list item, and {@code a} did not end its paragraph (a full stop on
     * a line ending well short of the block's right edge).
     */
    private static boolean continues(Line a, Line b, float[] box, RenderedPage page) {
        if (edge(page, b) != null) {
            return false;
        }
        float h = Math.max(a.height(), b.height());
        if (b.y0 < box[1] - 0.3f * h || b.y0 > box[3] + 0.9f * h) {
            return false; // above the block (a new column), or after a gap
        }
        // a formula's limits, a line of superscripts: set smaller, or no word in it
        boolean small = b.words.size() <= 3 && b.text.length() <= 12
                && (b.size < 0.9f * a.size || b.height() < 0.8f * a.height() || !b.text.matches(".*\\p{L}{3}.*"));
        if (!small && (Math.abs(a.size - b.size) > 0.1f * Math.max(a.size, b.size) || a.bold != b.bold || a.mono != b.mono)) {
            return false;
        }
        if (b.x1 < box[0] || b.x0 > box[2]) {
            return false;
        }
        if (!b.mono && PageWriter.isLabel(firstWord(b.text)) && b.words.size() > 1) {
            return false; // the next list item
        }
        if (b.mono || small) {
            return true;
        }
        float right = box[2];
        return !(a.x1 < right - 0.12f * (right - box[0]) && a.text.matches(".*[.!?:。！？：\"”)]$"));
    }

    /** A printed list label's number ("3.", "(3)"), or 0 for a bullet or a letter. */
    private static int labelNumber(String label) {
        return label.matches("\\(?[0-9]{1,3}[.)]\\)?") ? Integer.parseInt(label.replaceAll("[^0-9]", "")) : 0;
    }

    private static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    private void write(PageWriter writer, List<Line> group, float body, BlockType furniture, RenderedPage page,
                       boolean first) {
        List<Integer> ws = new ArrayList<>();
        group.forEach(l -> ws.addAll(l.words));
        if (furniture != null) {
            writer.furniture(furniture, ws);
            return;
        }
        Line line = group.get(0);
        int chars = group.stream().mapToInt(l -> l.text.length()).sum();
        if (line.mono) {
            writer.code(ws);
        } else if (body > 0 && line.size >= 1.15f * body && group.size() <= 3 && chars < 200) {
            float ratio = line.size / body;
            if (first && page.pageNumber() == 1 && ratio >= 1.6f) {
                writer.text(BlockType.TITLE, ws);
            } else {
                writer.heading(ratio >= 1.6f ? 1 : ratio >= 1.35f ? 2 : 3, ws);
            }
        } else if (line.bold && group.size() == 1 && line.words.size() <= 12 && !line.text.matches(".*[.,;]$")) {
            writer.heading(3, ws);
        } else if (PageWriter.isLabel(firstWord(line.text)) && line.words.size() > 1) {
            writer.listItem(0, labelNumber(firstWord(line.text)), ws);
        } else if (CAPTION.matcher(line.text).matches()) {
            writer.text(BlockType.CAPTION, ws);
        } else {
            writer.text(BlockType.PARAGRAPH, ws);
        }
    }
}

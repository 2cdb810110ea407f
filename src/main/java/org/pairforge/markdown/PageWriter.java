package org.pairforge.markdown;

import org.pairforge.page.LaidGlyph;
import org.pairforge.page.LaidWord;
import org.pairforge.page.WordBox;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a page's Markdown and blocks from its printed words, once something has said which block each word
 * belongs to (a tagged PDF's structure tree, a DOM, the page's layout). Blocks are added in reading order;
 * each holds words of the page (their text exactly as printed, so the Markdown is cut where the page is cut)
 * and what kind of block it is; the writer makes the Markdown of each kind the same way for every source:
 * {@code #} headings, paragraphs with {@code **bold**} and {@code _italic_} runs from the fonts, {@code *} and
 * {@code 1.} list items indented by depth, tables as HTML with {@code rowspan}/{@code colspan} or a LaTeX
 * {@code tabular}, code fenced, formulas as {@code \[ \]}, furniture and pictures as blocks without Markdown.
 */
public final class PageWriter {
    private final List<LaidWord> words;
    private final MarkdownOptions options;
    private final List<Unit> units = new ArrayList<>();

    /** A table cell: its place in the grid and its words. */
    public record Cell(int row, int column, int rowspan, int colspan, boolean header, List<Integer> words) {
    }

    /** {@code continues}: the block goes on with the paragraph of the block before it (a column break). */
    private record Unit(BlockType type, List<Integer> words, int[] box, String md, boolean continues) {
        Unit(BlockType type, List<Integer> words, int[] box, String md) {
            this(type, words, box, md, false);
        }
    }

    private final boolean mendHyphens;

    /**
     * @param mendHyphens join a word hyphenated at a line's end (TeX and word processors hyphenate); off for pages
     *                    an HTML engine laid out, which break lines only at spaces and real hyphens
     *                    ("stay-at-" / "home" is "stay-at-home")
     */
    public PageWriter(List<LaidWord> words, MarkdownOptions options, boolean mendHyphens) {
        this.words = words;
        this.options = options;
        this.mendHyphens = mendHyphens;
        this.bodyStyle = bodyStyle(words);
    }

    /** The page's body text's style: a page set all in a bold face marks bold only what stands out from it. */
    private final int bodyStyle;

    private static int bodyStyle(List<LaidWord> words) {
        int[] chars = new int[4];
        for (LaidWord w : words) {
            chars[rawStyle(w)] += w.box().text().length();
        }
        int best = 0;
        for (int s = 1; s < 4; s++) {
            if (chars[s] > chars[best]) {
                best = s;
            }
        }
        return best;
    }

    private String[] replacement;
    private int[] display;
    private List<String> displayLatex = List.of();

    /**
     * Formulas over the page's words, where a source knows them (MathML): {@code replacement[w]} is what word
     * {@code w} is written as ({@code \( … \)} with any printed text around it, {@code ""} for nothing, null for
     * its own text); {@code display[w]} the index into {@code displayLatex} of the display formula the word is part
     * of, or -1. A display formula becomes a {@code formula} block of its own, splitting the block it is printed in.
     */
    public void math(String[] replacement, int[] display, List<String> displayLatex) {
        this.replacement = replacement;
        this.display = display;
        this.displayLatex = displayLatex;
    }

    /** A block of prose (paragraph, caption, footnote, abstract, title ...), its words in reading order. */
    public void text(BlockType type, List<Integer> ws) {
        if (ws.isEmpty()) {
            return;
        }
        if (display != null && ws.stream().anyMatch(w -> display[w] >= 0)) {
            int i = 0;
            while (i < ws.size()) {
                int f = display[ws.get(i)];
                int j = i;
                while (j < ws.size() && display[ws.get(j)] == f) {
                    j++;
                }
                List<Integer> run = ws.subList(i, j);
                if (f >= 0) {
                    add(BlockType.FORMULA, run, null, "\\[" + displayLatex.get(f).strip() + "\\]");
                } else {
                    plainText(type, run);
                }
                i = j;
            }
            return;
        }
        plainText(type, ws);
    }

    /**
     * A paragraph that runs from one column into the next (or a page's frame into another) is two blocks, so that
     * each box holds its own words, and one paragraph in the Markdown: the second continues the first.
     */
    private void plainText(BlockType type, List<Integer> ws) {
        int start = 0;
        for (int i = 1; i <= ws.size(); i++) {
            if (i == ws.size() || jumps(words.get(ws.get(i - 1)).box(), words.get(ws.get(i)).box())) {
                List<Integer> part = ws.subList(start, i);
                int before = units.size();
                plainTextPart(type, part);
                if (start > 0 && units.size() > before) {
                    Unit u = units.remove(units.size() - 1);
                    units.add(new Unit(u.type(), u.words(), u.box(), u.md(), true));
                }
                start = i;
            }
        }
    }

    /**
     * Whether the reading goes up the page to another column: the next word lies more than three lines above the
     * last (a formula's upper limit is just above), and beside it.
     */
    private static boolean jumps(WordBox a, WordBox b) {
        int h = Math.max(1, a.y1() - a.y0());
        return b.y1() < a.y0() - 3 * h && (b.x0() >= a.x1() || b.x1() <= a.x0());
    }

    private void plainTextPart(BlockType type, List<Integer> ws) {
        String text = prose(ws, type != BlockType.TITLE && type != BlockType.SECTION_HEADER);
        add(type, ws, null, type == BlockType.TITLE ? "# " + text : text);
    }

    /** A heading of level 1-6: {@code ##} and its words, unstyled. */
    public void heading(int level, List<Integer> ws) {
        if (!ws.isEmpty()) {
            add(BlockType.SECTION_HEADER, ws, null, "#".repeat(Math.max(1, Math.min(6, level))) + " " + prose(ws, false));
        }
    }

    /**
     * A list item at {@code depth} (0 outermost); {@code number} its number in an ordered list, or 0 for a bullet.
     * Its printed label (a bullet glyph, "3.") is among {@code ws} and is replaced by the Markdown marker.
     */
    public void listItem(int depth, int number, List<Integer> ws) {
        List<Integer> body = new ArrayList<>(ws);
        // A bullet or the item's own number becomes the Markdown marker; another label ("(a)", "iv.") is kept.
        if (!body.isEmpty() && isLabel(words.get(body.get(0)).box().text())) {
            String label = words.get(body.get(0)).box().text();
            if (label.matches("[•◦▪▫‣∙·–—∗*○■□►▸⋄◆●-]") || number > 0 && label.matches("[0-9]{1,3}[.)．]")) {
                body.remove(0);
            }
        }
        String marker = number > 0 ? number + ". " : "* ";
        add(BlockType.LIST_ITEM, ws, null, "  ".repeat(Math.max(0, depth)) + marker + prose(body, true));
    }

    /** A quoted paragraph: {@code > } and its words. */
    public void quote(List<Integer> ws) {
        if (!ws.isEmpty()) {
            add(BlockType.PARAGRAPH, ws, null, "> " + prose(ws, true));
        }
    }

    /** Preformatted text: its printed lines, fenced. */
    public void code(List<Integer> ws) {
        if (ws.isEmpty()) {
            return;
        }
        StringBuilder s = new StringBuilder("```\n");
        for (List<Integer> line : lines(ws)) {
            s.append(join(line, false)).append('\n');
        }
        add(BlockType.CODE, ws, null, s.append("```").toString());
    }

    /** A formula given as LaTeX (from MathML, or a tagged PDF's alternate text), its printed glyphs as words. */
    public void formula(String latex, List<Integer> ws, int[] box) {
        add(BlockType.FORMULA, ws, box, "\\[" + latex.strip() + "\\]");
    }

    /** A table from its cells; rows the page does not show are not among them. */
    public void table(List<Cell> cells) {
        List<Integer> all = new ArrayList<>();
        cells.forEach(c -> all.addAll(c.words()));
        if (all.isEmpty()) {
            return;
        }
        add(BlockType.TABLE, all, null, options.tableFormat() == MarkdownOptions.TableFormat.HTML ? html(cells) : latex(cells));
    }

    /** A picture: its box, its words (labels drawn in it), and Markdown for it (alt text, or empty). */
    public void figure(int[] box, List<Integer> ws, String md) {
        add(BlockType.FIGURE, ws, box, md == null ? "" : md);
    }

    /**
     * A picture known only by its box (no words drawn in it), put in reading order before the first block below
     * its top edge that shares its columns; {@code md} its Markdown ({@code ![alt](src)}, or empty).
     */
    public void picture(int[] box, String md) {
        Unit u = new Unit(BlockType.FIGURE, List.of(), box.clone(), md == null ? "" : md);
        for (int i = 0; i < units.size(); i++) {
            int[] b = units.get(i).box();
            if (b[1] >= box[1] && b[0] < box[2] && b[2] > box[0]) {
                units.add(i, u);
                return;
            }
        }
        units.add(u);
    }

    /** Page furniture (running head, page number): a block of its own, out of the Markdown. */
    public void furniture(BlockType type, List<Integer> ws) {
        if (!ws.isEmpty()) {
            add(type, ws, null, "");
        }
    }

    private void add(BlockType type, List<Integer> ws, int[] box, String md) {
        int[] b = box == null ? null : box.clone();
        for (int w : ws) {
            WordBox wb = words.get(w).box();
            if (b == null) {
                b = new int[]{wb.x0(), wb.y0(), wb.x1(), wb.y1()};
            } else {
                b[0] = Math.min(b[0], wb.x0());
                b[1] = Math.min(b[1], wb.y0());
                b[2] = Math.max(b[2], wb.x1());
                b[3] = Math.max(b[3], wb.y1());
            }
        }
        if (b != null) {
            units.add(new Unit(type, List.copyOf(ws), b, md));
        }
    }

    /** The page's Markdown and blocks. */
    public PageMarkdown build() {
        List<Block> blocks = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        BlockType previous = null;
        for (Unit u : units) {
            blocks.add(new Block(u.type(), u.box()[0], u.box()[1], u.box()[2], u.box()[3], blocks.size(), u.md()));
            if (u.md().isEmpty()) {
                continue;
            }
            if (u.continues() && md.length() > 0) {
                int last = md.length() - 1;
                if (mendHyphens && md.charAt(last) == '-' && last > 0 && Character.isLetter(md.charAt(last - 1))
                        && Character.isLowerCase(u.md().codePointAt(0))) {
                    md.setLength(last);
                } else if (!cjk(md.codePointBefore(md.length())) && !cjk(u.md().codePointAt(0))) {
                    md.append(' ');
                }
                md.append(u.md());
                previous = u.type();
                continue;
            }
            if (md.length() > 0) {
                md.append(u.type() == BlockType.LIST_ITEM && previous == BlockType.LIST_ITEM ? "\n" : "\n\n");
            }
            md.append(u.md());
            previous = u.type();
        }
        if (md.length() > 0) {
            md.append('\n');
        }
        return PageMarkdown.ok(md.toString(), blocks, null);
    }

    List<List<Integer>> lines(List<Integer> ws) {
        return lines(words, ws);
    }

    /** Words (in drawing order) grouped into printed lines: a new line where the baseline moves or the text goes back. */
    public static List<List<Integer>> lines(List<LaidWord> words, List<Integer> ws) {
        List<List<Integer>> lines = new ArrayList<>();
        List<Integer> line = null;
        LaidWord previous = null;
        for (int w : ws) {
            LaidWord word = words.get(w);
            if (line == null || !sameLine(previous, word)) {
                line = new ArrayList<>();
                lines.add(line);
            }
            line.add(w);
            previous = word;
        }
        return lines;
    }

    private static boolean sameLine(LaidWord a, LaidWord b) {
        WordBox x = a.box(), y = b.box();
        float h = Math.max(1, Math.min(x.y1() - x.y0(), y.y1() - y.y0()));
        return Math.abs(baseline(a) - baseline(b)) < 0.5f * h && y.x0() >= x.x0() - 0.5f * h;
    }

    /** A word's baseline: its first glyph's, in image pixels. */
    public static float baseline(LaidWord w) {
        return w.glyphs().isEmpty() ? w.box().y1() : w.glyphs().get(0).baseline();
    }

    /** A block's words as running text: lines joined, hyphens at line ends mended, styled runs marked. */
    String prose(List<Integer> ws, boolean styled) {
        String text = lines(ws, styled);
        // a style that goes on over a line break is one run: "**a b**", not "**a** **b**"
        return styled ? text.replace("*** ***", " ").replace("** **", " ").replace("_ _", " ") : text;
    }

    private String lines(List<Integer> ws, boolean styled) {
        StringBuilder out = new StringBuilder();
        List<List<Integer>> lines = lines(ws);
        for (List<Integer> line : lines) {
            String text = join(line, styled);
            if (text.isEmpty()) {
                continue;
            }
            if (out.length() == 0) {
                out.append(text);
                continue;
            }
            int last = out.length() - 1;
            if (mendHyphens && out.charAt(last) == '-' && last > 0 && Character.isLetter(out.charAt(last - 1))
                    && !text.isEmpty() && Character.isLowerCase(text.codePointAt(0))) {
                out.setLength(last); // a word hyphenated at the line's end
                out.append(text);
            } else if (!mendHyphens && out.charAt(last) == '-' && last > 0 && Character.isLetter(out.charAt(last - 1))
                    && Character.isLetter(text.codePointAt(0))) {
                out.append(text); // a line broken after a real hyphen: "note-" / "taking" is "note-taking"
            } else if (cjk(out.codePointBefore(out.length())) || cjk(text.codePointAt(0))
                    || afterFormula(out, text)) {
                out.append(text);
            } else {
                out.append(' ').append(text);
            }
        }
        return out.toString();
    }

    /**
     * Words printed against the word before them, with no space between (a web page's "<i>Anderson</i>," is two
     * text nodes and two words, and the comma belongs to the first): {@code glued[w]} for word {@code w}. Pages whose
     * words were cut at spaces (PDFs) have none.
     */
    public void glued(boolean[] glued) {
        this.glued = glued;
    }

    private boolean[] glued;

    /** A piece of a written line: text in one style, and whether a space comes before it. */
    private record Run(String text, int style, boolean spaced) {
    }

    /**
     * One line's words with spaces between them (none between CJK characters, nor before a glued word), bold and
     * italic runs marked. Punctuation at a styled word's edges that is set in another face (the comma after an
     * italic name, the brackets around a bold word) is written outside the run, as the page shows it.
     */
    private String join(List<Integer> line, boolean styled) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < line.size(); i++) {
            int k = line.get(i);
            LaidWord w = words.get(k);
            String written = replacement == null ? null : replacement[k];
            String text = written != null ? written : w.box().text();
            if (text.isEmpty()) {
                continue; // a formula's glyph, written with its first
            }
            boolean spaced = !runs.isEmpty() && !(glued != null && glued[k]);
            int style = styled && written == null ? style(w) : 0;
            if (style == 0) {
                runs.add(new Run(text, 0, spaced));
                continue;
            }
            // Glyphs of another face peeled off the word's two ends, while they are punctuation and the text ends so.
            List<LaidGlyph> gs = w.glyphs();
            int from = 0;
            int to = gs.size();
            int head = 0;
            int tail = text.length();
            while (from < to - 1 && edge(gs.get(from), style) && text.startsWith(gs.get(from).text(), head)) {
                head += gs.get(from++).text().length();
            }
            while (to - 1 > from && edge(gs.get(to - 1), style)) {
                int start = tail - gs.get(to - 1).text().length();
                if (start <= head || !text.startsWith(gs.get(to - 1).text(), start)) {
                    break;
                }
                tail = start;
                to--;
            }
            if (head > 0) {
                runs.add(new Run(text.substring(0, head), 0, spaced));
                spaced = false;
            }
            runs.add(new Run(text.substring(head, tail), style, spaced));
            if (tail < text.length()) {
                runs.add(new Run(text.substring(tail), 0, false));
            }
        }
        StringBuilder out = new StringBuilder();
        int open = 0; // the style of the run being written
        for (Run r : runs) {
            String text = r.text();
            boolean space = r.spaced() && !cjk(out.codePointBefore(out.length())) && !cjk(text.codePointAt(0))
                    && !afterFormula(out, text); // but "\\(x\\)," as written, where the page sets the comma apart
            int style = r.style();
            // A change of face between two glued letters ("<b>foo</b>bar") stays unmarked: "_" cannot open or close
            // inside a word. Between CJK characters, written without spaces too, the markers stay.
            if (style != open && !r.spaced() && !out.isEmpty() && Character.isLetterOrDigit(out.codePointBefore(out.length()))
                    && Character.isLetterOrDigit(text.codePointAt(0))) {
                style = open;
            }
            if (style != open) {
                out.append(marker(open));
                if (space) {
                    out.append(' ');
                }
                out.append(marker(style));
                open = style;
            } else if (space) {
                out.append(' ');
            }
            out.append(text);
        }
        out.append(marker(open));
        return out.toString();
    }

    /** A glyph at a styled word's edge that is written outside its run: punctuation set in another face. */
    private boolean edge(LaidGlyph g, int style) {
        if (g.text().isEmpty() || LaidWord.hasLetterOrDigit(g.text())) {
            return false;
        }
        return (face(g.font()) & ~bodyStyle) != style;
    }

    /** Punctuation right after an inline formula: "\\(x\\)," as written, where the page sets the comma apart. */
    private static boolean afterFormula(StringBuilder out, String text) {
        int n = out.length();
        return n >= 2 && out.charAt(n - 2) == '\\' && out.charAt(n - 1) == ')' && !text.isEmpty()
                && ",.;:!?)".indexOf(text.charAt(0)) >= 0;
    }

    private static String marker(int style) {
        return switch (style) {
            case 1 -> "**";
            case 2 -> "_";
            case 3 -> "***";
            default -> "";
        };
    }

    /** Bold/italic of a word from its glyphs' font, beyond the page's body style; a word in a math font has none. */
    private int style(LaidWord w) {
        return rawStyle(w) & ~bodyStyle;
    }

    private static int rawStyle(LaidWord w) {
        return LaidWord.hasLetterOrDigit(w.box().text()) ? face(w.font()) : 0;
    }

    /** Bold/italic of a font (a word's or a glyph's); none for a math font or no font. */
    private static int face(String font) {
        return font == null || FontStyle.isMath(font) ? 0 : FontStyle.of(font);
    }

    static boolean cjk(int c) {
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL
                || c >= 0x3000 && c <= 0x303F || c >= 0xFF00 && c <= 0xFFEF;
    }

    /** A printed list label: a bullet glyph, or a number or letter with its punctuation. */
    public static boolean isLabel(String text) {
        return text.matches("[•◦▪▫‣∙·–—∗*○■□►▸⋄◆●-]") || text.matches("\\(?([0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]\\)?");
    }

    /** A header cell's bold is what makes it a header (its tag says so): only data cells carry their styles. */
    private String cellText(Cell c) {
        return prose(c.words(), !c.header());
    }

    private String html(List<Cell> cells) {
        StringBuilder out = new StringBuilder("<table>");
        int row = Integer.MIN_VALUE;
        for (Cell c : sorted(cells)) {
            if (c.row() != row) {
                if (row != Integer.MIN_VALUE) {
                    out.append("</tr>");
                }
                out.append("<tr>");
                row = c.row();
            }
            String tag = c.header() ? "th" : "td";
            out.append('<').append(tag);
            if (c.colspan() > 1) {
                out.append(" colspan=\"").append(c.colspan()).append('"');
            }
            if (c.rowspan() > 1) {
                out.append(" rowspan=\"").append(c.rowspan()).append('"');
            }
            out.append('>').append(cellText(c).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                    .append("</").append(tag).append('>');
        }
        if (row != Integer.MIN_VALUE) {
            out.append("</tr>");
        }
        return out.append("</table>").toString();
    }

    private String latex(List<Cell> cells) {
        int columns = 0;
        for (Cell c : cells) {
            columns = Math.max(columns, c.column() + c.colspan());
        }
        StringBuilder out = new StringBuilder("\\begin{tabular}{").append("l".repeat(Math.max(1, columns))).append("}\n");
        int row = Integer.MIN_VALUE;
        List<String> line = new ArrayList<>();
        for (Cell c : sorted(cells)) {
            if (c.row() != row && row != Integer.MIN_VALUE) {
                out.append(String.join(" & ", line)).append(" \\\\\n");
                line.clear();
            }
            row = c.row();
            String text = cellText(c).replaceAll("([&%$#_{}])", "\\\\$1");
            if (c.rowspan() > 1) {
                text = "\\multirow{" + c.rowspan() + "}{*}{" + text + "}";
            }
            if (c.colspan() > 1) {
                text = "\\multicolumn{" + c.colspan() + "}{l}{" + text + "}";
            }
            line.add(text);
        }
        if (!line.isEmpty()) {
            out.append(String.join(" & ", line)).append(" \\\\\n");
        }
        return out.append("\\end{tabular}").toString();
    }

    private static List<Cell> sorted(List<Cell> cells) {
        List<Cell> s = new ArrayList<>(cells);
        s.sort(java.util.Comparator.comparingInt(Cell::row).thenComparingInt(Cell::column));
        return s;
    }

}

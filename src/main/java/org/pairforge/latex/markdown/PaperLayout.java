package org.pairforge.latex.markdown;

import org.pairforge.markdown.Block;
import org.pairforge.markdown.FontStyle;
import org.pairforge.markdown.BlockType;
import org.pairforge.markdown.MarkdownOptions;
import org.pairforge.markdown.PageMarkdown;
import org.pairforge.page.LaidGlyph;
import org.pairforge.page.LaidWord;
import org.pairforge.page.PageLayout;
import org.pairforge.page.WordBox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes each page's Markdown and blocks from what the page prints and what the source says it is. The
 * printed words come from the PDF (exact, and cut where the page cuts); SyncTeX says which source line each
 * was typeset from, and the walked source which block that line belongs to (a heading, a caption, a
 * footnote...), which words are a formula's glyphs and the LaTeX that stands for them. So prose, citations,
 * references and acronyms read as printed, and math as its source.
 */
final class PaperLayout {
    private static final Pattern EQUATION_NUMBER = Pattern.compile("\\(([0-9A-Za-z][0-9A-Za-z.\\-–′']{0,11})\\)");
    private static final Pattern PAGE_NUMBER = Pattern.compile("(?i)[-–—\\s]*(page\\s*)?[0-9ivxlc]{1,6}(\\s*(of|/)\\s*[0-9]+)?[-–—\\s]*");
    /** How far above its tag a line's words are looked for when the tagged line holds none of them. */
    private static final int ELSEWHERE_LINES = 40;
    private static final Pattern LABEL = Pattern.compile("[0-9]+[.:]?|[A-Z][.:]?|[IVXLC]+[.:]?");
    private static final Pattern LATEX_LOGO = Pattern.compile("L\\\\\\(\\{}\\^\\{A}\\\\\\)TE?X");
    private static final Pattern BULLET = Pattern.compile("^[•◦▪▫‣∙·–—∗*○■□►▸⋄◆-]$");
    private static final Pattern ENUM_LABEL = Pattern.compile("^\\(?([0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.):]?\\)?$");

    /** A page's words and what is known of each. */
    private static final class Page {
        final int number;
        final PageLayout layout;
        final SyncPage sync;
        final float scale;
        final int width;
        final int height;
        SyncPage.Tag[] tags;
        final List<Line> lines = new ArrayList<>();
        float[] body; // x0, y0, x1, y1 of the text area, or null

        Page(int number, PageLayout layout, SyncPage sync, float scale, int width, int height) {
            this.number = number;
            this.layout = layout;
            this.sync = sync;
            this.scale = scale;
            this.width = width;
            this.height = height;
        }
    }

    /** A printed line: words on one baseline, and the block it belongs to. */
    private static final class Line {
        final List<Integer> words = new ArrayList<>();
        float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
        float baseline;
        int block = UNKNOWN;      // a source block id, or one of the negative kinds below
        BlockType furniture;
        int picture = -1;
        boolean ordered;          // a display placed by its order among the text (see orderCrowded)
        boolean weak;             // placed by a nearby source line only, none of its words found

        void add(int index, LaidWord w) {
            words.add(index);
            x0 = Math.min(x0, w.box().x0());
            y0 = Math.min(y0, w.box().y0());
            x1 = Math.max(x1, w.box().x1());
            y1 = Math.max(y1, w.box().y1());
        }
    }

    private static final int UNKNOWN = -1;
    private static final int FURNITURE = -2;
    private static final int PICTURE = -3;
    private static final int FOREIGN = -4;

    private final SourceIndex index;
    private final AuxFile aux;
    private final MarkdownOptions options;
    private final List<Page> pages = new ArrayList<>();
    /** page number → region index → the LaTeX that stands for it. */
    private final Map<Integer, Map<Integer, String>> matched = new HashMap<>();
    final List<String> unknownCommands = new ArrayList<>();

    PaperLayout(SourceDoc doc, AuxFile aux, MarkdownOptions options) {
        this.index = new SourceIndex(doc);
        this.aux = aux;
        this.options = options;
    }

    /** Adds a page; all pages come before {@link #markdown(int)}, as formulas are matched over the paper. */
    void add(int number, PageLayout layout, SyncPage sync, float scale, int width, int height) {
        Page p = new Page(number, layout, sync, scale, width, height);
        pages.add(p);
        tagWords(p);
        p.body = sync.body();
        groupLines(p);
        for (Line l : p.lines) {
            assign(p, l);
        }
        reclaimByWords(p);
        orderCrowded(p);
        adoptNeighbours(p);
        mendIslands(p);
        shareDisplays(p);
    }

    /**
     * A single line whose block appears nowhere else on the page, between two lines of one other block that
     * it lies within (a table cell SyncTeX tagged with a line of another file), belongs to that block.
     */
    private void mendIslands(Page p) {
        Map<Integer, Integer> count = new HashMap<>();
        for (Line l : p.lines) {
            count.merge(l.block, 1, Integer::sum);
        }
        for (int i = 1; i + 1 < p.lines.size(); i++) {
            Line before = p.lines.get(i - 1), l = p.lines.get(i), after = p.lines.get(i + 1);
            if (l.block >= 0 && count.get(l.block) == 1 && before.block >= 0 && before.block == after.block
                    && before.block != l.block && l.picture < 0 && before.picture < 0 && after.picture < 0
                    && l.x0 < Math.max(before.x1, after.x1) && l.x1 > Math.min(before.x0, after.x0)
                    && l.y0 >= before.y0 && l.y1 <= after.y1) {
                l.block = before.block;
            }
        }
    }

    /** Per group of displays written on one source line (a "\\[...\\] and \\[...\\]"), the next one to print. */
    private final Map<Integer, Integer> nextDisplay = new HashMap<>();

    /**
     * Two displays on one source line have the same SyncTeX line: their printed lines go to them in order,
     * each unbroken run of lines to the next display (over pages too).
     */
    private void shareDisplays(Page p) {
        Line previous = null;
        for (Line l : p.lines) {
            if (l.block >= 0 && index.doc.block(l.block).kind == SourceDoc.Kind.FORMULA && !l.ordered) {
                List<SourceDoc.Block> group = index.sameExtent(index.doc.block(l.block));
                if (group.size() > 1) {
                    int key = group.get(0).id;
                    int previousBlock = previous == null ? UNKNOWN : previous.block;
                    boolean continues = previousBlock >= 0 && group.stream().anyMatch(g -> g.id == previousBlock);
                    int at = nextDisplay.getOrDefault(key, -1);
                    if (!continues) {
                        at = Math.min(group.size() - 1, at + 1);
                        nextDisplay.put(key, at);
                    }
                    l.block = group.get(Math.max(0, at)).id;
                }
            }
            previous = l;
        }
    }

    // ------------------------------------------------------------------------------------------- lines and blocks

    private void tagWords(Page p) {
        List<LaidWord> words = p.layout.words();
        p.tags = new SyncPage.Tag[words.size()];
        for (int i = 0; i < words.size(); i++) {
            p.tags[i] = words.get(i).picture() >= 0 ? SyncPage.Tag.NONE : p.sync.tag(words.get(i));
        }
    }

    private void groupLines(Page p) {
        List<LaidWord> words = p.layout.words();
        Line line = null;
        LaidWord previous = null;
        Map<Integer, Line> pictureLines = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            LaidWord w = words.get(i);
            if (w.picture() >= 0) {
                Line pl = pictureLines.computeIfAbsent(w.picture(), k -> {
                    Line l = new Line();
                    l.picture = k;
                    l.block = PICTURE;
                    return l;
                });
                pl.add(i, w);
                continue;
            }
            if (line == null || !sameLine(line, previous, w)) {
                line = new Line();
                line.baseline = SyncPage.baseline(w);
                p.lines.add(line);
            }
            line.add(i, w);
            previous = w;
        }
        for (Line l : p.lines) {
            l.baseline = mainBaseline(p, l);
        }
        for (int k = 0; k < p.layout.pictures().size(); k++) {
            Line pl = pictureLines.get(k);
            if (pl == null) {
                pl = new Line();
                pl.picture = k;
                pl.block = PICTURE;
            }
            PageLayout.Picture pic = p.layout.pictures().get(k);
            pl.x0 = Math.min(pl.x0, pic.x0());
            pl.y0 = Math.min(pl.y0, pic.y0());
            pl.x1 = Math.max(pl.x1, pic.x1());
            pl.y1 = Math.max(pl.y1, pic.y1());
            insertByPosition(p.lines, pl);
        }
    }

    /**
     * Where SyncTeX tags many blocks' lines with one source line (a long argument), a line taken for a display by
     * that line alone must also stand where the display stands among the text around it (blocks are numbered in
     * source order); a formula's tail ending a later paragraph does not, and goes on with the line before it.
     */
    private void orderCrowded(Page p) {
        for (int i = 1; i < p.lines.size(); i++) {
            Line l = p.lines.get(i);
            if (l.block < 0 || index.doc.block(l.block).kind != SourceDoc.Kind.FORMULA || !crowded(p, l)) {
                continue;
            }
            List<SourceDoc.Block> group = index.sameExtent(index.doc.block(l.block));
            Line previous = p.lines.get(i - 1);
            if (previous.ordered && group.stream().anyMatch(g -> g.id == previous.block)) {
                l.block = previous.block; // a display's next line
                l.ordered = true;
                continue;
            }
            int before = previous.block;
            int after = UNKNOWN;
            for (int j = i + 1; j < p.lines.size() && after == UNKNOWN; j++) {
                int b = p.lines.get(j).block;
                if (b >= 0 && index.doc.block(b).kind != SourceDoc.Kind.FORMULA) {
                    after = b;
                }
            }
            int chosen = UNKNOWN;
            for (SourceDoc.Block g : group) {
                if ((before < 0 || g.id > before) && (after < 0 || g.id < after)) {
                    chosen = g.id;
                    break;
                }
            }
            if (chosen != UNKNOWN) {
                l.block = chosen;
                l.ordered = true;
            } else if (before >= 0 && index.doc.block(before).kind != SourceDoc.Kind.FORMULA) {
                l.block = before;
            }
        }
    }

    /** The share of a line's glyphs TeX set in math mode. */
    private static double mathShare(Page p, Line line) {
        int all = 0, math = 0;
        for (int wi : line.words) {
            for (LaidGlyph g : p.layout.words().get(wi).glyphs()) {
                all++;
                if (!p.sync.regionsOf(g).isEmpty()) {
                    math++;
                }
            }
        }
        return all == 0 ? 0 : (double) math / all;
    }

    /**
     * Whether a line SyncTeX places in a heading's source is not the heading: none of its words are the heading's,
     * and it is not the class's label for it ("Chapter 1", "Appendix A": a number or a letter and a word).
     */
    private boolean notTheHeading(Page p, Line line, int heading) {
        Set<String> own = wordsOf(heading);
        int counted = 0;
        boolean label = false;
        for (int wi : line.words) {
            String text = p.layout.words().get(wi).box().text();
            String norm = Words.norm(text);
            if (norm.isEmpty()) {
                continue;
            }
            if (own.contains(norm)) {
                return false;
            }
            counted++;
            label |= LABEL.matcher(text).matches();
        }
        return counted >= 3 || counted >= 1 && !label;
    }

    private final Map<Integer, Set<String>> blockWords = new HashMap<>();

    /** The normalized words of a block's source. */
    private Set<String> wordsOf(int block) {
        if (blockWords.isEmpty()) {
            for (SourceDoc.Word w : index.doc.words) {
                blockWords.computeIfAbsent(w.block(), k -> new HashSet<>()).add(w.norm());
            }
        }
        return blockWords.getOrDefault(block, Set.of());
    }

    /**
     * A line placed by a nearby source line alone, or not at all, goes to a block of the page that holds all its
     * words (a float's head the output routine put out at a later \section), the nearest one above or below.
     */
    private void reclaimByWords(Page p) {
        for (Line l : p.lines) {
            if (!(l.weak || l.block == UNKNOWN) || l.picture >= 0) {
                continue;
            }
            Set<String> norms = new HashSet<>();
            for (int wi : l.words) {
                String n = Words.norm(p.layout.words().get(wi).box().text());
                if (!n.isEmpty()) {
                    norms.add(n);
                }
            }
            if (norms.isEmpty()) {
                continue;
            }
            int best = UNKNOWN;
            float bestDistance = Float.MAX_VALUE;
            for (Line o : p.lines) {
                if (o == l || o.weak || o.block < 0 || !wordsOf(o.block).containsAll(norms)) {
                    continue;
                }
                float d = Math.abs((o.y0 + o.y1) / 2 - (l.y0 + l.y1) / 2);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = o.block;
                }
            }
            if (best != UNKNOWN) {
                l.block = best;
                l.weak = false;
            }
        }
    }

    /** Whether a line starts with the lower-case rest of a word the line before broke with a hyphen. */
    private static boolean continuesHyphenated(Page p, Line line) {
        int i = p.lines.indexOf(line);
        if (i < 1 || line.words.isEmpty()) {
            return false;
        }
        Line before = p.lines.get(i - 1);
        if (before.block < 0 || before.words.isEmpty() || before.picture >= 0) {
            return false;
        }
        String last = p.layout.words().get(before.words.get(before.words.size() - 1)).box().text();
        String first = p.layout.words().get(line.words.get(0)).box().text();
        return last.length() > 2 && last.endsWith("-") && Character.isLetter(last.charAt(last.length() - 2))
                && !first.isEmpty() && Character.isLowerCase(first.charAt(0));
    }

    /** Whether the source lines a line is tagged with hold the words of several text blocks. */
    private boolean crowded(Page p, Line line) {
        Set<Integer> blocks = new HashSet<>();
        for (int wi : line.words) {
            SyncPage.Tag t = p.tags[wi];
            if (t.file() >= 0) {
                for (SourceDoc.Word sw : index.wordsAt(t.file(), t.line())) {
                    blocks.add(sw.block());
                }
            }
        }
        return blocks.size() > 2;
    }

    /**
     * Of the blocks a line's words are found in, the one that has most of the line's word pairs in its order, when
     * one clearly does: SyncTeX tags every line of a long argument with the line that closes it ({@code
     * \\response{…}} around a whole section), where single words are in every paragraph of it.
     */
    private int byWordPairs(Page p, Line line, Set<Integer> candidates) {
        List<LaidWord> words = p.layout.words();
        Set<String> linePairs = new HashSet<>();
        Set<Long> tagLines = new java.util.LinkedHashSet<>();
        String last = null;
        for (int wi : line.words) {
            String norm = Words.norm(words.get(wi).box().text());
            SyncPage.Tag t = p.tags[wi];
            if (t.file() >= 0) {
                tagLines.add(SourceIndex.key(t.file(), t.line()));
                tagLines.add(SourceIndex.key(t.file(), t.line() - 1));
            }
            if (norm.isEmpty()) {
                continue;
            }
            if (last != null) {
                linePairs.add(last + ' ' + norm);
            }
            last = norm;
        }
        if (linePairs.size() < 2) {
            return UNKNOWN;
        }
        Map<Integer, Integer> scores = new HashMap<>();
        for (long key : tagLines) {
            List<SourceDoc.Word> at = index.wordsAt((int) (key >>> 32), (int) key);
            Map<Integer, Set<String>> pairs = new HashMap<>();
            for (int i = 1; i < at.size(); i++) {
                SourceDoc.Word a = at.get(i - 1), b = at.get(i);
                if (a.block() == b.block() && candidates.contains(a.block())
                        && linePairs.contains(a.norm() + ' ' + b.norm())) {
                    pairs.computeIfAbsent(a.block(), k -> new HashSet<>()).add(a.norm() + ' ' + b.norm());
                }
            }
            pairs.forEach((b, ps) -> scores.merge(b, ps.size(), Integer::sum));
        }
        int best = UNKNOWN, first = 0, second = 0;
        for (Map.Entry<Integer, Integer> e : scores.entrySet()) {
            if (e.getValue() > first) {
                second = first;
                first = e.getValue();
                best = e.getKey();
            } else if (e.getValue() > second) {
                second = e.getValue();
            }
        }
        return first >= 2 && first >= 2 * second ? best : UNKNOWN;
    }

    /**
     * The block whose words most of a line's words are, when SyncTeX tags them with a line that holds none of them:
     * front matter stored for {@code \\maketitle}, or text an argument stored a few lines above (keywords a class
     * prints at the first section). {@link #UNKNOWN} unless three in five of the line's words match.
     */
    private int wordsElsewhere(Page p, Line line) {
        List<LaidWord> words = p.layout.words();
        Map<Integer, Set<Integer>> matched = new HashMap<>();
        int counted = 0;
        for (int wi : line.words) {
            String norm = Words.norm(words.get(wi).box().text());
            SyncPage.Tag t = p.tags[wi];
            if (norm.isEmpty()) {
                continue;
            }
            counted++;
            List<Integer> floating = index.doc.floatingWords.get(norm);
            if (floating != null) {
                for (int b : floating) {
                    matched.computeIfAbsent(b, k -> new HashSet<>()).add(wi);
                }
            }
            if (t.file() >= 0) {
                for (int l = Math.max(1, t.line() - ELSEWHERE_LINES); l < t.line(); l++) {
                    for (SourceDoc.Word sw : index.wordsAt(t.file(), l)) {
                        if (sw.norm().equals(norm)) {
                            matched.computeIfAbsent(sw.block(), k -> new HashSet<>()).add(wi);
                        }
                    }
                }
            }
        }
        int best = UNKNOWN;
        int bestCount = 0;
        for (Map.Entry<Integer, Set<Integer>> e : matched.entrySet()) {
            int n = e.getValue().size();
            if (n > bestCount || n == bestCount && e.getKey() < best) {
                best = e.getKey();
                bestCount = n;
            }
        }
        return counted > 0 && bestCount * 5 >= counted * 3 ? best : UNKNOWN;
    }

    /** The baseline most of a line's glyphs sit on (a raised footnote mark at its start is not it). */
    private static float mainBaseline(Page p, Line l) {
        Map<Integer, Integer> counts = new HashMap<>();
        int best = 0;
        int bestCount = -1;
        for (int wi : l.words) {
            for (LaidGlyph g : p.layout.words().get(wi).glyphs()) {
                int b = Math.round(g.baseline());
                int c = counts.merge(b, 1, Integer::sum);
                if (c > bestCount || c == bestCount && b > best) {
                    best = b;
                    bestCount = c;
                }
            }
        }
        return bestCount < 0 ? l.baseline : best;
    }

    /** A picture goes before the first line that starts below its top in its column, else last. */
    private static void insertByPosition(List<Line> lines, Line picture) {
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            boolean overlapsColumn = l.x0 < picture.x1 && l.x1 > picture.x0;
            if (overlapsColumn && l.y0 >= picture.y0 - 1) {
                lines.add(i, picture);
                return;
            }
        }
        lines.add(picture);
    }

    /**
     * Whether {@code b} goes on the line after {@code a}: it overlaps the line's band by most of the smaller
     * height (a superscript, a footnote mark, an equation's number do) and does not go back to the left.
     */
    private static boolean sameLine(Line line, LaidWord a, LaidWord b) {
        float hb = b.box().y1() - b.box().y0();
        float hl = line.y1 - line.y0;
        float overlap = Math.min(line.y1, b.box().y1()) - Math.max(line.y0, b.box().y0());
        float ha = a.box().y1() - a.box().y0();
        if (hb > 1.8f * hl) {
            // a tall delimiter that opens a display reaches up into the text line above it: it joins a line
            // only around its middle
            float middle = (b.box().y0() + b.box().y1()) / 2;
            if (middle < line.y0 || middle > line.y1) {
                return false;
            }
        }
        return overlap >= 0.4f * Math.min(hb, hl) && b.box().x0() >= a.box().x0() - Math.max(ha, hb);
    }

    /** Which block a line is: by the source words it matches at its lines, else by the lines alone. */
    private void assign(Page p, Line line) {
        if (line.picture >= 0) {
            return;
        }
        List<LaidWord> words = p.layout.words();
        boolean anyProject = false;
        boolean inBody = true;
        for (int wi : line.words) {
            SyncPage.Tag t = p.tags[wi];
            anyProject |= t.file() >= 0;
        }
        if (p.body != null) {
            float cx = (line.x0 + line.x1) / 2, cy = (line.y0 + line.y1) / 2;
            inBody = cx >= p.body[0] - 1 && cx <= p.body[2] + 1 && cy >= p.body[1] - 1 && cy <= p.body[3] + 1;
        }
        if (!inBody) {
            line.block = FURNITURE;
            line.furniture = furniture(p, line, text(p, line));
            return;
        }
        if (!anyProject) {
            boolean tagged = false;
            for (int wi : line.words) {
                tagged |= p.tags[wi] != SyncPage.Tag.NONE;
            }
            line.block = tagged ? FURNITURE : FOREIGN;
            if (tagged) {
                line.furniture = furniture(p, line, text(p, line));
            }
            return;
        }
        Map<Integer, Double> votes = new HashMap<>();
        for (int wi : line.words) {
            SyncPage.Tag t = p.tags[wi];
            String norm = Words.norm(words.get(wi).box().text());
            if (norm.isEmpty() || t.file() < 0) {
                continue;
            }
            // an exact match counts more than a word cut at the line's end ("inter-" of "interplay")
            Map<Integer, Double> blocks = new HashMap<>();
            for (int d = 0; d <= 1; d++) {
                for (SourceDoc.Word sw : index.wordsAt(t.file(), t.line() - d)) {
                    double weight = sw.norm().equals(norm) ? 1.0
                            : norm.length() > 3 && sw.norm().startsWith(norm) || sw.norm().length() > 3 && norm.startsWith(sw.norm()) ? 0.4 : 0;
                    if (weight > 0) {
                        blocks.merge(sw.block(), weight, Math::max);
                    }
                }
            }
            double total = blocks.values().stream().mapToDouble(Double::doubleValue).sum();
            for (Map.Entry<Integer, Double> b : blocks.entrySet()) {
                votes.merge(b.getKey(), b.getValue() / total, Double::sum);
            }
        }
        int best = UNKNOWN;
        double bestVotes = 0;
        int previous = p.lines.indexOf(line) > 0 ? p.lines.get(p.lines.indexOf(line) - 1).block : UNKNOWN;
        for (Map.Entry<Integer, Double> e : votes.entrySet()) {
            // a tie goes to the block the line before is in: a paragraph goes on
            boolean tieWins = Math.abs(e.getValue() - bestVotes) < 1e-9
                    && (e.getKey() == previous || best != previous && e.getKey() < best);
            if (e.getValue() > bestVotes + 1e-9 || tieWins) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        if (votes.size() > 1) {
            int byPairs = byWordPairs(p, line, votes.keySet());
            if (byPairs != UNKNOWN) {
                best = byPairs;
                bestVotes = line.words.size();
            }
        }
        if (best == UNKNOWN && continuesHyphenated(p, line)) {
            line.block = p.lines.get(p.lines.indexOf(line) - 1).block; // "val-" / "ues": a word's second half
            return;
        }
        // a display is typeset from math alone: no words to vote, its lines say it
        Map<Integer, Integer> byRange = new HashMap<>();
        for (int wi : line.words) {
            SyncPage.Tag t = p.tags[wi];
            if (t.file() < 0) {
                continue;
            }
            if (index.printsBibliography(t.file(), t.line())) {
                byRange.merge(Integer.MIN_VALUE, 1, Integer::sum);
                continue;
            }
            SourceDoc.Block b = index.forUnclaimedLine(t.file(), t.line());
            if (b != null) {
                byRange.merge(b.id, 1, Integer::sum);
            }
        }
        int rangeBest = UNKNOWN;
        int rangeVotes = 0;
        for (Map.Entry<Integer, Integer> e : byRange.entrySet()) {
            if (e.getValue() > rangeVotes) {
                rangeBest = e.getKey();
                rangeVotes = e.getValue();
            }
        }
        if (rangeBest != UNKNOWN && rangeBest != Integer.MIN_VALUE) {
            SourceDoc.Kind k = index.doc.block(rangeBest).kind;
            boolean setApart = k == SourceDoc.Kind.FORMULA || k == SourceDoc.Kind.TABLE || k == SourceDoc.Kind.CODE;
            // unless the line is one of a long argument's, all tagged with its closing line, where every block is
            boolean caption = best != UNKNOWN && index.doc.block(best).kind == SourceDoc.Kind.CAPTION;
            if (setApart && !caption && bestVotes < 0.5 * line.words.size()
                    && (best == UNKNOWN || !crowded(p, line) || mathShare(p, line) >= 0.5)) {
                line.block = rangeBest; // a formula's line whose glyphs happen to spell a word or two
                return;
            }
        }
        if (best != UNKNOWN) {
            line.block = best;
            return;
        }
        int elsewhere = wordsElsewhere(p, line);
        if (elsewhere != UNKNOWN) {
            line.block = elsewhere; // text a class typesets later than its source (AASTeX's title at the first \section)
            return;
        }
        if (rangeBest == Integer.MIN_VALUE) {
            line.block = printedBibliographyBlock();
            return;
        }
        // a heading's words are known: a line of others (a class's "Draft version December 6, 2026", a float's
        // head put out at the \section) is not it; the class's own "Chapter 1" or "Appendix A" is
        boolean notTheHeading = rangeBest != UNKNOWN && index.doc.block(rangeBest).kind == SourceDoc.Kind.HEADING
                && notTheHeading(p, line, rangeBest);
        if (rangeBest != UNKNOWN && !notTheHeading) {
            line.block = rangeBest;
            return;
        }
        // text typeset where no source line says (\maketitle's title and authors): the words stored for it
        Map<Integer, Double> floating = new HashMap<>();
        for (int wi : line.words) {
            List<Integer> blocks = index.doc.floatingWords.get(Words.norm(words.get(wi).box().text()));
            if (blocks != null) {
                Set<Integer> distinct = new HashSet<>(blocks);
                for (int b : distinct) {
                    floating.merge(b, 1.0 / distinct.size(), Double::sum);
                }
            }
        }
        for (Map.Entry<Integer, Double> e : floating.entrySet()) {
            if (e.getValue() > bestVotes || e.getValue() == bestVotes && e.getKey() < best) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        // one word in common ("with") does not make a class's boilerplate line the title
        if (best != UNKNOWN && bestVotes * 3 >= line.words.size()) {
            line.block = best;
            return;
        }
        // front matter \\maketitle prints that no word of the source holds (a date): the front matter's block
        boolean atMaketitle = true;
        for (int wi : line.words) {
            SyncPage.Tag t = p.tags[wi];
            atMaketitle &= t.file() >= 0 && index.doc.maketitle.contains(SourceIndex.key(t.file(), t.line()));
        }
        if (atMaketitle && index.doc.frontBlock >= 0) {
            line.block = index.doc.frontBlock;
            return;
        }
        // a line of an environment's own (amsthm's "Proof.", the class's "Abstract"): the block the
        // environment holds, which starts a line or two below
        for (int wi : line.words) {
            SyncPage.Tag t = p.tags[wi];
            if (t.file() >= 0) {
                SourceDoc.Block next = index.firstAfter(t.file(), t.line(), 3);
                if (next != null) {
                    line.block = next.id;
                    line.weak = true;
                    return;
                }
            }
        }
    }

    private int printedBibliography = -1;

    /** The block of a bibliography biblatex prints from its data (entries are told apart by their indent). */
    private int printedBibliographyBlock() {
        if (printedBibliography < 0) {
            SourceDoc.Block b = new SourceDoc.Block(index.doc.blocks.size(), SourceDoc.Kind.BIBLIOGRAPHY, 0, false, -1, "printbibliography");
            index.doc.blocks.add(b);
            printedBibliography = b.id;
        }
        return printedBibliography;
    }

    /** Lines no source word or line claims (an "Abstract" the class prints) take their nearest neighbour's block. */
    private void adoptNeighbours(Page p) {
        List<Line> lines = p.lines;
        Map<Integer, float[]> extents = new HashMap<>();
        for (Line l : lines) {
            if (l.block >= 0) {
                float[] e = extents.computeIfAbsent(l.block, k -> new float[]{Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE});
                e[0] = Math.min(e[0], l.x0);
                e[1] = Math.min(e[1], l.y0);
                e[2] = Math.max(e[2], l.x1);
                e[3] = Math.max(e[3], l.y1);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.block != UNKNOWN) {
                continue;
            }
            // inside one block's extent (a \\multirow cell TeX sets late, amid its table): that block
            float cx = (l.x0 + l.x1) / 2, cy = (l.y0 + l.y1) / 2;
            int inside = UNKNOWN;
            int holders = 0;
            for (Map.Entry<Integer, float[]> e : extents.entrySet()) {
                float[] b = e.getValue();
                if (cx >= b[0] - 2 && cx <= b[2] + 2 && cy >= b[1] - 2 && cy <= b[3] + 2) {
                    inside = e.getKey();
                    holders++;
                }
            }
            if (holders == 1) {
                l.block = inside;
                continue;
            }
            Line before = null, after = null;
            for (int j = i - 1; j >= 0; j--) {
                if (lines.get(j).block >= 0) {
                    before = lines.get(j);
                    break;
                }
            }
            for (int j = i + 1; j < lines.size(); j++) {
                if (lines.get(j).block >= 0) {
                    after = lines.get(j);
                    break;
                }
            }
            float gapBefore = before == null ? Float.MAX_VALUE : Math.abs(l.y0 - before.y1);
            float gapAfter = after == null ? Float.MAX_VALUE : Math.abs(after.y0 - l.y1);
            Line pick = gapAfter <= gapBefore ? after : before;
            if (pick != null) {
                l.block = pick.block;
            }
        }
    }

    private BlockType furniture(Page p, Line line, String text) {
        float cy = (line.y0 + line.y1) / 2;
        String t = text.strip();
        if (p.body != null) {
            if (line.x1 <= p.body[0] + 1 || line.x0 >= p.body[2] - 1) {
                return t.matches("[0-9\\s]+") ? BlockType.LINE_NUMBER : BlockType.PAGE_HEADER;
            }
            if (cy < p.body[1]) {
                return PAGE_NUMBER.matcher(t).matches() ? BlockType.PAGE_NUMBER : BlockType.PAGE_HEADER;
            }
        } else if (cy < p.height / 2f) {
            return PAGE_NUMBER.matcher(t).matches() ? BlockType.PAGE_NUMBER : BlockType.PAGE_HEADER;
        }
        return PAGE_NUMBER.matcher(t).matches() ? BlockType.PAGE_NUMBER : BlockType.PAGE_FOOTER;
    }

    private static String text(Page p, Line l) {
        StringBuilder s = new StringBuilder();
        for (int wi : l.words) {
            s.append(s.length() > 0 ? " " : "").append(p.layout.words().get(wi).box().text());
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------- formulas

    /**
     * Matches the math regions printed in each block, in reading order over the whole paper, to the block's
     * inline formulas in source order: an alignment that rewards the same source line and glyphs like the
     * formula's, and lets either side go unmatched (a superscript a class made in math mode, a formula the
     * walk saw in a macro that printed nothing).
     */
    void matchFormulas() {
        Map<Integer, List<int[]>> regionsByBlock = new HashMap<>(); // block → [page index, region index]
        for (int pi = 0; pi < pages.size(); pi++) {
            Page p = pages.get(pi);
            Map<Integer, Integer> lineOfWord = new HashMap<>();
            for (int li = 0; li < p.lines.size(); li++) {
                for (int wi : p.lines.get(li).words) {
                    lineOfWord.put(wi, li);
                }
            }
            // a region belongs to the block of the line holding its first glyph
            Map<Integer, Integer> regionBlock = new HashMap<>();
            List<Integer> order = new ArrayList<>();
            List<LaidWord> words = p.layout.words();
            for (int wi = 0; wi < words.size(); wi++) {
                Integer li = lineOfWord.get(wi);
                if (li == null) {
                    continue;
                }
                int block = p.lines.get(li).block;
                if (block < 0 || index.doc.block(block).kind == SourceDoc.Kind.FORMULA) {
                    continue;
                }
                for (LaidGlyph g : words.get(wi).glyphs()) {
                    for (SyncPage.Region r : p.sync.regionsOf(g)) {
                        if (!regionBlock.containsKey(r.index())) {
                            regionBlock.put(r.index(), block);
                            order.add(r.index());
                        }
                    }
                }
            }
            for (int r : order) {
                regionsByBlock.computeIfAbsent(regionBlock.get(r), k -> new ArrayList<>()).add(new int[]{pi, r});
            }
        }
        for (Map.Entry<Integer, List<int[]>> e : regionsByBlock.entrySet()) {
            SourceDoc.Block b = index.doc.block(e.getKey());
            List<SourceDoc.Formula> spans = new ArrayList<>();
            for (int m : b.maths) {
                if (!index.doc.maths.get(m).display()) {
                    spans.add(index.doc.maths.get(m));
                }
            }
            align(e.getValue(), spans);
        }
    }

    private void align(List<int[]> regions, List<SourceDoc.Formula> spans) {
        int n = regions.size(), m = spans.size();
        if (n == 0 || m == 0) {
            return;
        }
        String[] regionText = new String[n];
        SyncPage.Region[] region = new SyncPage.Region[n];
        for (int i = 0; i < n; i++) {
            Page p = pages.get(regions.get(i)[0]);
            region[i] = p.sync.regions.get(regions.get(i)[1]);
            regionText[i] = glyphText(p, region[i]);
        }
        String[] spanText = new String[m];
        for (int j = 0; j < m; j++) {
            spanText[j] = MathSignature.of(spans.get(j).tokens());
        }
        double[][] best = new double[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                double s = score(region[i], regionText[i], spans.get(j), spanText[j]);
                double take = s > 0 ? s + best[i + 1][j + 1] : -1;
                best[i][j] = Math.max(take, Math.max(best[i + 1][j], best[i][j + 1]));
            }
        }
        int i = 0, j = 0;
        while (i < n && j < m) {
            double s = score(region[i], regionText[i], spans.get(j), spanText[j]);
            if (s > 0 && Math.abs(best[i][j] - (s + best[i + 1][j + 1])) < 1e-9) {
                MathText.Result r = MathText.inline(spans.get(j).tokens(), aux);
                unknownCommands.addAll(r.unknown());
                if (!r.latex().isBlank()) {
                    matched.computeIfAbsent(pages.get(regions.get(i)[0]).number, k -> new HashMap<>())
                            .put(regions.get(i)[1], r.latex());
                }
                i++;
                j++;
            } else if (best[i + 1][j] >= best[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
    }

    private static double score(SyncPage.Region r, String regionText, SourceDoc.Formula span, String spanText) {
        double line = r.file() == span.file() && r.line() == span.line() ? 1.0
                : r.file() == span.file() && Math.abs(r.line() - span.line()) <= 2 ? 0.4 : -1.0;
        double sim = MathSignature.similarity(regionText, spanText);
        if (regionText.isEmpty() && spanText.isEmpty()) {
            sim = 0.5;
        }
        return line + 2 * sim - 1.3;
    }

    private static String glyphText(Page p, SyncPage.Region r) {
        StringBuilder s = new StringBuilder();
        for (LaidWord w : p.layout.words()) {
            for (LaidGlyph g : w.glyphs()) {
                if (r.contains((g.x0() + g.x1()) / 2f, g.baseline())) {
                    s.append(g.text());
                }
            }
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------- Markdown

    /** For looking at a layout by hand: each line of a page with the block it went to. */
    String describe(int number) {
        StringBuilder out = new StringBuilder();
        for (Page p : pages) {
            if (p.number != number) {
                continue;
            }
            for (Line l : p.lines) {
                StringBuilder tags = new StringBuilder();
                for (int wi : l.words) {
                    SyncPage.Tag t = p.tags[wi];
                    tags.append(t.file()).append(':').append(t.line()).append(' ');
                }
                out.append(l.block >= 0 ? index.doc.block(l.block).toString() : "#" + l.block).append(" | ")
                        .append(text(p, l)).append(" | ").append(tags).append('\n');
            }
        }
        return out.toString();
    }

    /** The Markdown and blocks of page {@code number} (1-based). */
    PageMarkdown markdown(int number) {
        Page p = null;
        for (Page x : pages) {
            if (x.number == number) {
                p = x;
            }
        }
        if (p == null) {
            return PageMarkdown.failed("page " + number + " was not laid out");
        }
        List<Run> runs = runs(p);
        // a caption set above its table or figure is read first, wherever TeX wrote it in the page's stream
        for (int i = 0; i + 1 < runs.size(); i++) {
            Run a = runs.get(i), b = runs.get(i + 1);
            if ((a.type == BlockType.TABLE || a.type == BlockType.FIGURE) && b.type == BlockType.CAPTION
                    && b.y1 <= a.y0 + 2 && b.x0 < a.x1 && b.x1 > a.x0) {
                runs.set(i, b);
                runs.set(i + 1, a);
            }
        }
        int[][] boxes = new int[runs.size()][];
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            boxes[i] = new int[]{(int) Math.floor(r.x0), (int) Math.floor(r.y0), (int) Math.ceil(r.x1), (int) Math.ceil(r.y1)};
        }
        List<WordBox> words = separate(p, runs, boxes);
        List<Block> blocks = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        BlockType previousType = null;
        int previousBlock = Integer.MIN_VALUE;
        for (int ri = 0; ri < runs.size(); ri++) {
            Run run = runs.get(ri);
            String text = write(p, run);
            BlockType type = run.type;
            int[] box = boxes[ri];
            blocks.add(new Block(type, box[0], box[1], box[2], box[3], blocks.size(), text));
            if (text.isEmpty()) {
                continue;
            }
            if (md.length() > 0 && run.block >= 0 && run.block == previousBlock && continues(type)) {
                // one paragraph in two layout blocks (a column break): one paragraph in the Markdown
                joinContinuation(md, text);
            } else {
                if (md.length() > 0) {
                    md.append(type == BlockType.LIST_ITEM && previousType == BlockType.LIST_ITEM ? "\n" : "\n\n");
                }
                md.append(text);
            }
            previousType = type;
            previousBlock = run.block;
        }
        if (md.length() > 0) {
            md.append('\n');
        }
        return PageMarkdown.ok(md.toString(), blocks, words);
    }

    /**
     * Blocks stacked one above the other whose boxes overlap by a little (a tall integral or brace reaching
     * into the line above, a descender into the line below) are cut apart at the middle of the overlap, and
     * the word boxes that reach over the cut are clipped to their own block. Blocks whose words interleave
     * are left as they are.
     *
     * @return the page's word boxes as clipped, or null when none was
     */
    private List<WordBox> separate(Page p, List<Run> runs, int[][] boxes) {
        Map<Integer, Integer> runOfWord = new HashMap<>();
        for (int ri = 0; ri < runs.size(); ri++) {
            for (Line l : runs.get(ri).lines) {
                for (int wi : l.words) {
                    runOfWord.put(wi, ri);
                }
            }
        }
        List<WordBox> words = new ArrayList<>();
        for (LaidWord w : p.layout.words()) {
            words.add(w.box());
        }
        boolean changed = false;
        for (int i = 0; i < runs.size(); i++) {
            for (int j = 0; j < runs.size(); j++) {
                int[] a = boxes[i], b = boxes[j];
                if (i == j || a[1] > b[1]) {
                    continue; // a is the upper one
                }
                int overlapX = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
                int overlapY = a[3] - b[1];
                int smaller = Math.min(a[3] - a[1], b[3] - b[1]);
                if (overlapX <= 0 || overlapY <= 0 || overlapY > 0.4 * smaller || b[3] <= a[3]) {
                    continue;
                }
                int cut = b[1] + overlapY / 2;
                boolean clean = true;
                for (Map.Entry<Integer, Integer> e : runOfWord.entrySet()) {
                    WordBox w = words.get(e.getKey());
                    if (e.getValue() == i && w.y0() >= cut || e.getValue() == j && w.y1() <= cut) {
                        clean = false; // the two blocks' words interleave: no line between them
                        break;
                    }
                }
                if (!clean) {
                    continue;
                }
                a[3] = cut;
                b[1] = cut;
                for (Map.Entry<Integer, Integer> e : runOfWord.entrySet()) {
                    WordBox w = words.get(e.getKey());
                    if (e.getValue() == i && w.y1() > cut) {
                        words.set(e.getKey(), new WordBox(w.x0(), w.y0(), w.x1(), cut, w.text()));
                        changed = true;
                    } else if (e.getValue() == j && w.y0() < cut) {
                        words.set(e.getKey(), new WordBox(w.x0(), cut, w.x1(), w.y1(), w.text()));
                        changed = true;
                    }
                }
            }
        }
        return changed ? words : null;
    }

    private static boolean continues(BlockType type) {
        return type == BlockType.PARAGRAPH || type == BlockType.ABSTRACT || type == BlockType.CAPTION
                || type == BlockType.FOOTNOTE || type == BlockType.BIBLIOGRAPHY || type == BlockType.AUTHOR;
    }

    private void joinContinuation(StringBuilder md, String text) {
        int n = md.length();
        boolean hyphen = n > 1 && md.charAt(n - 1) == '-' && Character.isLetter(md.charAt(n - 2))
                && !text.isEmpty() && Character.isLowerCase(text.codePointAt(0));
        if (hyphen) {
            int start = n - 1;
            while (start > 0 && Character.isLetter(md.charAt(start - 1))) {
                start--;
            }
            String head = md.substring(start, n - 1);
            if (!sourceHas(head + "-" + leadingWord(text))) {
                md.setLength(n - 1);
            }
            md.append(text);
            return;
        }
        md.append(' ').append(text);
    }

    /** Consecutive lines of one block in one column: a layout block. */
    private static final class Run {
        final List<Line> lines = new ArrayList<>();
        final int block;
        final BlockType type;
        float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;

        Run(int block, BlockType type) {
            this.block = block;
            this.type = type;
        }

        void add(Line l) {
            lines.add(l);
            x0 = Math.min(x0, l.x0);
            y0 = Math.min(y0, l.y0);
            x1 = Math.max(x1, l.x1);
            y1 = Math.max(y1, l.y1);
        }
    }

    private List<Run> runs(Page p) {
        List<Run> runs = new ArrayList<>();
        Run run = null;
        Line previous = null;
        Map<Integer, Run> setApart = new HashMap<>();
        for (Line l : p.lines) {
            BlockType type = typeOf(l);
            if (l.block >= 0 && (type == BlockType.FORMULA || type == BlockType.TABLE || type == BlockType.CODE
                    || type == BlockType.ALGORITHM)) {
                // a display, a table, code: one block, written once, wherever its lines stand on the page
                Run r = setApart.get(l.block);
                if (r == null) {
                    r = new Run(l.block, type);
                    setApart.put(l.block, r);
                    runs.add(r);
                }
                r.add(l);
                run = r;
                previous = l;
                continue;
            }
            boolean same = run != null && run.block == l.block && run.type == type && l.picture < 0 && previous != null
                    && previous.picture < 0 && !newColumn(previous, l) && !(l.block == FURNITURE)
                    && !(type == BlockType.BIBLIOGRAPHY && l.block == printedBibliography && l.x0 < previous.x0 - 2);
            if (!same) {
                run = new Run(l.block, type);
                runs.add(run);
            }
            run.add(l);
            previous = l;
        }
        return runs;
    }

    /** The next line stands above the last one, or beside it: a new column. */
    private static boolean newColumn(Line a, Line b) {
        return b.y1 < a.y0 - 2 || b.x0 >= a.x1 + 4 && b.y0 < a.y1;
    }

    private BlockType typeOf(Line l) {
        if (l.picture >= 0 || l.block == PICTURE || l.block == FOREIGN) {
            return BlockType.FIGURE;
        }
        if (l.block == FURNITURE) {
            return l.furniture == null ? BlockType.PAGE_FOOTER : l.furniture;
        }
        if (l.block < 0) {
            return BlockType.PARAGRAPH;
        }
        SourceDoc.Block b = index.doc.block(l.block);
        return switch (b.kind) {
            case TITLE -> BlockType.TITLE;
            case AUTHOR -> BlockType.AUTHOR;
            case ABSTRACT -> BlockType.ABSTRACT;
            case HEADING -> BlockType.SECTION_HEADER;
            case PARAGRAPH -> BlockType.PARAGRAPH;
            case LIST_ITEM -> BlockType.LIST_ITEM;
            case FORMULA -> BlockType.FORMULA;
            case TABLE -> BlockType.TABLE;
            case CAPTION -> BlockType.CAPTION;
            case FOOTNOTE -> BlockType.FOOTNOTE;
            case BIBLIOGRAPHY -> BlockType.BIBLIOGRAPHY;
            case ALGORITHM -> BlockType.ALGORITHM;
            case CODE -> BlockType.CODE;
            case FLOAT -> BlockType.FIGURE;
        };
    }

    private String write(Page p, Run run) {
        switch (run.type) {
            case FIGURE, PAGE_HEADER, PAGE_FOOTER, PAGE_NUMBER, LINE_NUMBER -> {
                return "";
            }
            case FORMULA -> {
                SourceDoc.Block b = index.doc.block(run.block);
                List<String> tags = equationNumbers(p, run);
                MathText.Result r = MathText.display(b.env, b.tokens, tags, aux);
                unknownCommands.addAll(r.unknown());
                return r.latex();
            }
            case TABLE -> {
                SourceDoc.Block b = index.doc.block(run.block);
                java.util.Set<String> printed = null;
                if (pagesOf(run.block) > 1) {
                    printed = new HashSet<>();
                    for (Line l : run.lines) {
                        for (int wi : l.words) {
                            for (String w : p.layout.words().get(wi).box().text().split("[^\\p{L}\\p{N}]+")) {
                                printed.add(Words.norm(w));
                            }
                        }
                    }
                }
                return TableText.of(b.tokens, options.tableFormat(), aux, unknownCommands, printed);
            }
            case CODE -> {
                return code(p, run);
            }
            case ALGORITHM -> {
                StringBuilder s = new StringBuilder("```\n");
                for (Line l : run.lines) {
                    s.append(new Prose(p, List.of(l), false).text()).append('\n');
                }
                return s.append("```").toString();
            }
            default -> {
            }
        }
        boolean styled = run.type != BlockType.TITLE && run.type != BlockType.SECTION_HEADER;
        String text = new Prose(p, run.lines, styled).text();
        if (text.isEmpty()) {
            return "";
        }
        return switch (run.type) {
            case TITLE -> "# " + text;
            case SECTION_HEADER -> "#".repeat(depth(run.block)) + " " + text;
            case LIST_ITEM -> listItem(run, text);
            case FOOTNOTE -> footnote(text);
            default -> text;
        };
    }

    /** On how many pages a block has lines (a longtable's rows go over several). */
    private int pagesOf(int block) {
        int n = 0;
        for (Page p : pages) {
            for (Line l : p.lines) {
                if (l.block == block) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private int depth(int block) {
        SourceDoc.Block b = index.doc.block(block);
        int top = Math.min(index.doc.headingLevelTop, b.level);
        return Math.max(1, Math.min(6, b.level - top + 1));
    }

    private String listItem(Run run, String text) {
        SourceDoc.Block b = run.block >= 0 ? index.doc.block(run.block) : null;
        String first = text.split(" ", 2)[0];
        String rest = text.contains(" ") ? text.substring(text.indexOf(' ') + 1) : "";
        if (BULLET.matcher(first).matches()) {
            return "* " + rest;
        }
        if (b != null && b.ordered) {
            java.util.regex.Matcher m = ENUM_LABEL.matcher(first);
            if (m.matches() && m.group(1).matches("[0-9]+")) {
                return m.group(1) + ". " + rest;
            }
        }
        return b != null && b.ordered ? text : "* " + text;
    }

    private static String footnote(String text) {
        java.util.regex.Matcher raised = Pattern.compile("^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\\s*(\\S.*)$", Pattern.DOTALL).matcher(text);
        if (raised.matches()) {
            String digits = raised.group(1).chars().map(c -> '0' + "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c))
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            return "Footnote " + digits + ": " + raised.group(2);
        }
        String[] parts = text.split(" ", 2);
        String mark = parts[0].replaceAll("[⁰¹²³⁴⁵⁶⁷⁸⁹]", "");
        String digits = parts[0].chars().filter(c -> "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c) >= 0)
                .map(c -> '0' + "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (!digits.isEmpty() && parts.length > 1 && mark.isEmpty()) {
            return "Footnote " + digits + ": " + parts[1];
        }
        if (parts.length > 1 && parts[0].matches("[0-9]{1,3}|[*†‡§¶‖]+|[a-z]")) {
            return "Footnote " + parts[0] + ": " + parts[1];
        }
        return "Footnote: " + text;
    }

    /** The numbers printed beside a display, top to bottom: "(3)" at the right (or left) of its rows. */
    private List<String> equationNumbers(Page p, Run run) {
        List<String> tags = new ArrayList<>();
        float mid = (run.x0 + run.x1) / 2;
        for (Line l : run.lines) {
            if (l.words.isEmpty()) {
                continue;
            }
            LaidWord last = p.layout.words().get(l.words.get(l.words.size() - 1));
            LaidWord first = p.layout.words().get(l.words.get(0));
            java.util.regex.Matcher m = EQUATION_NUMBER.matcher(last.box().text());
            if (m.matches() && last.box().x0() > mid) { // alone on its line too: beside a display of several rows
                tags.add(m.group(1));
                continue;
            }
            m = EQUATION_NUMBER.matcher(first.box().text());
            if (m.matches() && first.box().x1() < mid) {
                tags.add(m.group(1));
            }
        }
        return tags;
    }

    /**
     * A verbatim block: the source lines this page prints, exactly (indentation kept). Each printed line is
     * found among the block's source lines by its text, in order (SyncTeX tags a whole verbatim environment
     * with its last line); a printed line the source does not hold is written as printed.
     */
    private String code(Page p, Run run) {
        SourceDoc.Block b = index.doc.block(run.block);
        if (b.verbatim == null) {
            return "";
        }
        String[] source = b.verbatim.split("\\R", -1);
        String[] norms = new String[source.length];
        for (int i = 0; i < source.length; i++) {
            norms[i] = Words.norm(source[i]);
        }
        StringBuilder s = new StringBuilder("```\n");
        int next = 0;
        for (Line l : run.lines) {
            String printed = text(p, l);
            String norm = Words.norm(printed);
            int found = -1;
            for (int i = next; i < source.length && !norm.isEmpty(); i++) {
                if (norms[i].equals(norm)) {
                    found = i;
                    break;
                }
            }
            if (found >= 0) {
                for (int i = next; i < found; i++) {
                    if (norms[i].isEmpty() && next > 0) {
                        s.append(source[i].replace("\t", "    ").stripTrailing()).append('\n'); // blank lines between
                    }
                }
                s.append(source[found].replace("\t", "    ").stripTrailing()).append('\n');
                next = found + 1;
            } else {
                s.append(printed).append('\n');
            }
        }
        return s.append("```").toString();
    }

    /** The text of a run's words: formulas as their LaTeX, bold and italic marked, line-end hyphens mended. */
    private final class Prose {
        private final Page page;
        private final List<Line> lines;
        private final boolean styled;

        Prose(Page page, List<Line> lines, boolean styled) {
            this.page = page;
            this.lines = lines;
            this.styled = styled;
        }

        /** A piece of the text: a word's text glyphs or a formula, with the style of its glyphs. */
        private record Piece(String text, boolean math, int style, boolean spaceBefore) {
        }

        String text() {
            Map<Integer, String> latex = matched.getOrDefault(page.number, Map.of());
            List<Piece> pieces = new ArrayList<>();
            Set<Integer> emitted = new HashSet<>();
            LaidGlyph last = null;
            for (int li = 0; li < lines.size(); li++) {
                Line line = lines.get(li);
                for (int k = 0; k < line.words.size(); k++) {
                    LaidWord w = page.layout.words().get(line.words.get(k));
                    // words the PDF splits without a gap (a footnote mark raised off the baseline) stay joined
                    LaidGlyph first = w.glyphs().isEmpty() ? null : w.glyphs().get(0);
                    boolean space = k == 0 || last == null || first == null
                            || first.x0() - last.x1() > 0.12f * Math.max(1, first.y1() - first.y0());
                    if (li == 0 && k == 1 && isDropCap(page.layout.words().get(line.words.get(0)), w)) {
                        // a paragraph's initial set over two lines (IEEEtran's \IEEEPARstart): "T" "HIS" is THIS
                        space = false;
                        Piece cap = pieces.remove(pieces.size() - 1);
                        StringBuilder joined = new StringBuilder(cap.text());
                        List<LaidGlyph> glyphs = new ArrayList<>(w.glyphs());
                        for (LaidGlyph g : glyphs) {
                            joined.append(g.text());
                        }
                        pieces.add(new Piece(joined.toString(), false, style(glyphs), cap.spaceBefore()));
                        last = glyphs.get(glyphs.size() - 1);
                        continue;
                    }
                    if (!w.glyphs().isEmpty()) {
                        last = w.glyphs().get(w.glyphs().size() - 1);
                    }
                    StringBuilder plain = new StringBuilder();
                    List<LaidGlyph> plainGlyphs = new ArrayList<>();
                    StringBuilder raised = new StringBuilder();
                    for (LaidGlyph g : w.glyphs()) {
                        if (isRaisedMark(g, line) && !hasFormula(g, latex)) {
                            // a note's mark in text ("ᵃThe cost …", "1st"): a superscript as Nougat writes one
                            if (plain.length() > 0) {
                                pieces.add(new Piece(plain.toString(), false, style(plainGlyphs), space));
                                plain.setLength(0);
                                plainGlyphs.clear();
                                space = false;
                            }
                            raised.append(g.text());
                            continue;
                        }
                        if (raised.length() > 0) {
                            pieces.add(new Piece("\\({}^{" + raised + "}\\)", true, -1, space));
                            raised.setLength(0);
                            space = false;
                        }
                        String formula = null;
                        int regionIndex = -1;
                        for (SyncPage.Region r : page.sync.regionsOf(g)) {
                            String l = latex.get(r.index());
                            if (l != null) {
                                formula = l;
                                regionIndex = r.index();
                                break;
                            }
                        }
                        if (formula == null) {
                            List<SyncPage.Region> rs = page.sync.regionsOf(g);
                            if (!rs.isEmpty() && isSuperscriptDigit(g, line)) {
                                plain.append(superscript(g.text()));
                            } else {
                                plain.append(g.text());
                            }
                            plainGlyphs.add(g);
                            continue;
                        }
                        if (plain.length() > 0) {
                            pieces.add(new Piece(plain.toString(), false, style(plainGlyphs), space));
                            plain.setLength(0);
                            plainGlyphs.clear();
                            space = false;
                        }
                        if (emitted.add(regionIndex)) {
                            pieces.add(new Piece("\\(" + formula + "\\)", true, -1, space));
                        }
                        space = false;
                    }
                    if (plain.length() > 0) {
                        pieces.add(new Piece(plain.toString(), false, style(plainGlyphs), space));
                    }
                    if (raised.length() > 0) {
                        pieces.add(new Piece("\\({}^{" + raised + "}\\)", true, -1, space));
                    }
                }
                pieces.add(null); // a line end
            }
            // the logo's raised A is no note mark
            return LATEX_LOGO.matcher(render(mendHyphens(pieces))).replaceAll("LaTeX");
        }

        /** A single capital at least twice as tall as the word after it, its top level with that word's. */
        private boolean isDropCap(LaidWord cap, LaidWord next) {
            if (cap.glyphs().size() != 1 || next.glyphs().isEmpty() || !Character.isUpperCase(cap.box().text().charAt(0))
                    || cap.box().text().length() != 1) {
                return false;
            }
            float hc = cap.box().y1() - cap.box().y0(), hn = next.box().y1() - next.box().y0();
            return hn > 0 && hc >= 2 * hn && Math.abs(cap.box().y0() - next.box().y0()) < hn;
        }

        /** A raised letter or note sign outside formulas (digits are written as Unicode superscripts). */
        private boolean isRaisedMark(LaidGlyph g, Line line) {
            if (g.text().length() != 1 || g.baseline() >= line.baseline - 1.5f) {
                return false;
            }
            char c = g.text().charAt(0);
            return Character.isLetter(c) || c == '*' || c == '†' || c == '‡';
        }

        private boolean hasFormula(LaidGlyph g, Map<Integer, String> latex) {
            for (SyncPage.Region r : page.sync.regionsOf(g)) {
                if (latex.containsKey(r.index())) {
                    return true;
                }
            }
            return false;
        }

        private boolean isSuperscriptDigit(LaidGlyph g, Line line) {
            return g.text().length() == 1 && Character.isDigit(g.text().charAt(0)) && g.baseline() < line.baseline - 1.5f;
        }

        /** Joins "con-" at a line's end with "tinue" when the source has "continue", or the next word is lower case. */
        private List<Piece> mendHyphens(List<Piece> pieces) {
            List<Piece> out = new ArrayList<>(pieces.size());
            for (int i = 0; i < pieces.size(); i++) {
                Piece piece = pieces.get(i);
                if (piece == null) {
                    if (i + 1 < pieces.size() && pieces.get(i + 1) != null && !out.isEmpty()) {
                        Piece last = out.get(out.size() - 1);
                        Piece next = pieces.get(i + 1);
                        if (last != null && !last.math() && !next.math() && last.text().endsWith("-") && last.text().length() > 1
                                && Character.isLetter(last.text().charAt(last.text().length() - 2))
                                && !next.text().isEmpty() && Character.isLowerCase(next.text().codePointAt(0))) {
                            String head = last.text().substring(0, last.text().length() - 1);
                            boolean keepHyphen = index.doc.words.size() < 2_000_000 && sourceHas(head + "-" + leadingWord(next.text()));
                            out.set(out.size() - 1, new Piece(head + (keepHyphen ? "-" : "") + next.text(), false,
                                    last.style(), last.spaceBefore()));
                            i++;
                            continue;
                        }
                    }
                    continue;
                }
                out.add(piece);
            }
            return out;
        }

        private String render(List<Piece> pieces) {
            StringBuilder s = new StringBuilder();
            int open = 0; // the style of the open run
            for (int i = 0; i < pieces.size(); i++) {
                Piece piece = pieces.get(i);
                int style = piece.math() || piece.style() < 0 ? open : styled ? piece.style() : 0;
                if (style != open) {
                    closeStyle(s, open);
                    if (piece.spaceBefore() && s.length() > 0) {
                        s.append(' ');
                    }
                    s.append(marker(style));
                    open = style;
                } else if (piece.spaceBefore() && s.length() > 0) {
                    s.append(' ');
                }
                s.append(piece.text());
            }
            closeStyle(s, open);
            return s.toString().strip();
        }

        private void closeStyle(StringBuilder s, int style) {
            if (style == 0) {
                return;
            }
            // a run that ends in spaces or holds no letter is not worth marking
            String marker = marker(style);
            int start = s.lastIndexOf(marker);
            String inside = start >= 0 ? s.substring(start + marker.length()) : "";
            if (start < 0 || inside.codePoints().noneMatch(Character::isLetter)) {
                if (start >= 0) {
                    s.delete(start, start + marker.length());
                }
                return;
            }
            s.append(new StringBuilder(marker).reverse());
        }

        private String marker(int style) {
            return switch (style) {
                case 1 -> "**";
                case 2 -> "_";
                case 3 -> "**_";
                default -> "";
            };
        }

        /**
         * 1 bold, 2 italic, 3 both, 0 upright: the font of most of the letters (outside math fonts); -1 when
         * there is no such letter (punctuation takes the style around it).
         */
        private int style(List<LaidGlyph> glyphs) {
            int[] counts = new int[4];
            boolean any = false;
            for (LaidGlyph g : glyphs) {
                if (g.font() == null || g.text().isEmpty() || !Character.isLetter(g.text().codePointAt(0))
                        || FontStyle.isMath(g.font())) {
                    continue;
                }
                counts[FontStyle.of(g.font()) & 3]++;
                any = true;
            }
            if (!any) {
                return -1;
            }
            int best = 0;
            for (int st = 1; st < 4; st++) {
                if (counts[st] > counts[best]) {
                    best = st;
                }
            }
            return best;
        }
    }

    private boolean sourceHas(String hyphenated) {
        String norm = Words.norm(hyphenated);
        return hyphenatedWords().contains(norm);
    }

    private Set<String> hyphenated;

    /** The source's words that are written with a hyphen, normalized. */
    private Set<String> hyphenatedWords() {
        if (hyphenated == null) {
            hyphenated = new HashSet<>();
            for (String w : index.doc.hyphenated) {
                hyphenated.add(Words.norm(w));
            }
        }
        return hyphenated;
    }

    private static String leadingWord(String s) {
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end);
    }

    private static String superscript(String digit) {
        return String.valueOf("⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(digit.charAt(0) - '0'));
    }
}

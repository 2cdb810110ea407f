package org.pairforge.web;

import org.pairforge.markdown.BlockType;
import org.pairforge.markdown.MarkdownOptions;
import org.pairforge.markdown.PageMarkdown;
import org.pairforge.markdown.PageWriter;
import org.pairforge.page.LaidGlyph;
import org.pairforge.page.LaidWord;
import org.pairforge.page.WordBox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A screenshot's Markdown and blocks, written by the pages' one writer ({@link PageWriter}) from what the page
 * measured: each shown word with the element it is part of (a heading and its level, a list item with its depth
 * and number, a table cell on its table's grid, preformatted text, a quotation, a caption, else the block-level
 * element around it: a paragraph, a button, a card's line), its weight and slant, and whether it is printed against
 * the word before it; each shown image with its {@code alt}. Reading order is the DOM's, as for HTML documents.
 * Only the words the image shows are in it.
 */
final class WebMarkdown {
    private WebMarkdown() {
    }

    /** One word's part, as the page's measuring script gives it. */
    private record Mark(String type, int block, int a, int b, int table, int row, int column, int rowspan, int colspan, int style,
                        boolean glued) {
        static Mark of(List<?> m) {
            return new Mark((String) m.get(0), i(m, 1), i(m, 2), i(m, 3), i(m, 4), i(m, 5), i(m, 6), Math.max(1, i(m, 7)),
                    Math.max(1, i(m, 8)), i(m, 9), m.size() > 10 && i(m, 10) == 1);
        }

        private static int i(List<?> m, int k) {
            return ((Number) m.get(k)).intValue();
        }
    }

    /**
     * A shown image: its box, the number of words before it in DOM order, and its Markdown, {@code ![alt](src)}; none
     * for a picture drawn into the page (a data: URL has no address to write: a block without Markdown, as a
     * paper's figure; an image link with no target is a broken image wherever KEY.md is rendered).
     */
    private record Picture(int[] box, int position, String md) {
        static Picture of(List<?> p) {
            String alt = ((String) p.get(4)).strip().replaceAll("\\s+", " ");
            String src = ((String) p.get(6)).strip();
            boolean linkable = !src.isEmpty() && !src.startsWith("data:") && !src.contains(")") && !src.contains(" ");
            return new Picture(new int[]{num(p, 0), num(p, 1), num(p, 2), num(p, 3)}, num(p, 5),
                    linkable ? "![" + alt.replace("]", "\\]") + "](" + src + ")" : "");
        }
    }

    /**
     * Writes the pictures from {@code next} on that come before word {@code upTo} (inclusive); a table's are blocks
     * without Markdown ({@code markdown} false). Returns the next picture to write.
     */
    private static int pictures(PageWriter writer, List<Picture> pictures, int next, int upTo, boolean markdown) {
        for (; next < pictures.size() && pictures.get(next).position() <= upTo; next++) {
            writer.picture(pictures.get(next).box(), markdown ? pictures.get(next).md() : "");
        }
        return next;
    }

    private static final String[] FONTS = {"Web", "Web-Bold", "Web-Italic", "Web-BoldItalic"};

    static PageMarkdown write(List<WordBox> words, List<?> marks, List<?> shownImages, MarkdownOptions options) {
        if (marks.size() != words.size()) {
            return PageMarkdown.failed("the page measured " + marks.size() + " word parts for " + words.size() + " words");
        }
        List<LaidWord> laid = new ArrayList<>(words.size());
        List<Mark> parts = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            WordBox w = words.get(i);
            Mark m = Mark.of((List<?>) marks.get(i));
            parts.add(m);
            // One glyph per word: where it sits (its baseline, for lines) and the face it is set in (bold, italic)
            float baseline = w.y1() - 0.2f * (w.y1() - w.y0());
            laid.add(new LaidWord(w, List.of(new LaidGlyph(w.text(), w.x0(), w.y0(), w.x1(), w.y1(), baseline, FONTS[m.style() & 3], -1))));
        }
        List<Picture> pictures = new ArrayList<>(shownImages.size());
        shownImages.forEach(p -> pictures.add(Picture.of((List<?>) p)));
        PageWriter writer = new PageWriter(laid, options, false);
        boolean[] glued = new boolean[words.size()];
        for (int i = 0; i < glued.length; i++) {
            glued[i] = parts.get(i).glued();
        }
        writer.glued(glued);
        int picture = 0;
        boolean[] done = new boolean[words.size()];
        for (int i = 0; i <= words.size(); i++) {
            picture = pictures(writer, pictures, picture, i, true);
            if (i == words.size() || done[i]) {
                continue;
            }
            Mark m = parts.get(i);
            if (m.type().equals("cell")) {
                List<PageWriter.Cell> cells = cells(parts, done, m.table());
                writer.table(cells);
                // Pictures inside the table's cells (avatars, icons) are blocks of their own, with no Markdown.
                int last = cells.stream().flatMap(c -> c.words().stream()).mapToInt(Integer::intValue).max().orElse(i);
                picture = pictures(writer, pictures, picture, last, false);
                continue;
            }
            List<Integer> ws = new ArrayList<>();
            for (int j = i; j < words.size() && !done[j] && parts.get(j).block() == m.block() && parts.get(j).type().equals(m.type()); j++) {
                ws.add(j);
                done[j] = true;
            }
            switch (m.type()) {
                case "h" -> writer.heading(m.a(), ws);
                case "li" -> writer.listItem(m.a(), m.b(), ws);
                case "code" -> writer.code(ws);
                case "quote" -> writer.quote(ws);
                case "caption" -> writer.text(BlockType.CAPTION, ws);
                default -> writer.text(BlockType.PARAGRAPH, ws);
            }
        }
        return writer.build();
    }

    /** Every shown cell of one table, its words in order, marked done. */
    private static List<PageWriter.Cell> cells(List<Mark> parts, boolean[] done, int table) {
        Map<String, List<Integer>> byCell = new LinkedHashMap<>();
        Map<String, Mark> first = new LinkedHashMap<>();
        for (int j = 0; j < parts.size(); j++) {
            Mark m = parts.get(j);
            if (!done[j] && m.type().equals("cell") && m.table() == table) {
                String cell = m.row() + ":" + m.column() + ":" + m.block();
                byCell.computeIfAbsent(cell, k -> new ArrayList<>()).add(j);
                first.putIfAbsent(cell, m);
                done[j] = true;
            }
        }
        List<PageWriter.Cell> cells = new ArrayList<>();
        byCell.forEach((cell, ws) -> {
            Mark m = first.get(cell);
            cells.add(new PageWriter.Cell(m.row(), m.column(), m.rowspan(), m.colspan(), m.a() == 1, ws));
        });
        return cells;
    }

    private static int num(List<?> p, int k) {
        return ((Number) p.get(k)).intValue();
    }
}

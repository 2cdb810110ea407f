package org.pairforge.notebook;

import java.util.ArrayList;
import java.util.List;

/** The code text of one candidate: which cells it joins, and whether the line cap cut earlier cells. */
record CodeText(String text, List<Integer> cellIndexes, boolean truncated) {

    static CodeText build(List<Notebook.Cell> codeCellsSoFar, int previousFigureCell, CodeContext context, int maxLines) {
        Notebook.Cell current = codeCellsSoFar.get(codeCellsSoFar.size() - 1);
        // Plain loops: this runs for every candidate, and stream pipelines were a good share of what the JIT
        // compiled in a short run.
        int first = switch (context) {
            case CELL -> codeCellsSoFar.size() - 1;
            case SINCE_LAST_FIGURE -> firstAfter(codeCellsSoFar, previousFigureCell);
            case ALL_PRECEDING -> 0;
        };
        // Keep whole cells, newest first, while under the cap; the figure's own cell is always kept.
        int from = codeCellsSoFar.size() - 1;
        int lines = lineCount(current.source());
        while (from > first) {
            int n = lineCount(codeCellsSoFar.get(from - 1).source());
            if (lines + n > maxLines) {
                break;
            }
            lines += n;
            from--;
        }
        StringBuilder text = new StringBuilder();
        List<Integer> indexes = new ArrayList<>(codeCellsSoFar.size() - from);
        for (Notebook.Cell c : codeCellsSoFar.subList(from, codeCellsSoFar.size())) {
            indexes.add(c.index());
            String source = stripTrailingNewlines(c.source());
            if (!source.isBlank()) {
                text.append(text.length() == 0 ? "" : "\n\n").append(source);
            }
        }
        return new CodeText(text.toString(), List.copyOf(indexes), from > first);
    }

    private static int firstAfter(List<Notebook.Cell> cells, int previousFigureCell) {
        int i = cells.size() - 1;
        while (i > 0 && cells.get(i - 1).index() > previousFigureCell) {
            i--;
        }
        return i;
    }

    /** The number of lines {@link String#lines()} gives (see {@link #lineEnd}). */
    static int lineCount(String s) {
        int n = 0;
        for (int start = 0; start < s.length(); start = nextLine(s, lineEnd(s, start))) {
            n++;
        }
        return n;
    }

    /** The form two pairs are compared in for de-duplication: no trailing spaces, no blank lines, LF. */
    String normalized() {
        StringBuilder sb = new StringBuilder(text.length());
        for (int start = 0; start < text.length(); ) {
            int end = lineEnd(text, start);
            String line = text.substring(start, end).stripTrailing();
            if (!line.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(line);
            }
            start = nextLine(text, end);
        }
        return sb.toString();
    }

    /** Where the line starting at {@code start} ends: its line break, or the end of the text (as String#lines). */
    static int lineEnd(String s, int start) {
        int end = start;
        while (end < s.length() && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    /** Where the next line starts, past the break at {@code end} (\r\n is one break). */
    static int nextLine(String s, int end) {
        return end + (end + 1 < s.length() && s.charAt(end) == '\r' && s.charAt(end + 1) == '\n' ? 2 : 1);
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}

package org.pairforge.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The code text of one candidate: which cells it joins, and whether the line cap cut earlier cells. */
record CodeText(String text, List<Integer> cellIndexes, boolean truncated) {

    static CodeText build(List<Notebook.Cell> codeCellsSoFar, int previousFigureCell, CodeContext context, int maxLines) {
        Notebook.Cell current = codeCellsSoFar.get(codeCellsSoFar.size() - 1);
        List<Notebook.Cell> chosen = switch (context) {
            case CELL -> List.of(current);
            case SINCE_LAST_FIGURE -> codeCellsSoFar.stream().filter(c -> c.index() > previousFigureCell).toList();
            case ALL_PRECEDING -> codeCellsSoFar;
        };
        // Keep whole cells, newest first, while under the cap; the figure's own cell is always kept.
        List<Notebook.Cell> kept = new ArrayList<>();
        int lines = 0;
        for (int i = chosen.size() - 1; i >= 0; i--) {
            Notebook.Cell c = chosen.get(i);
            int n = (int) c.source().lines().count();
            if (!kept.isEmpty() && lines + n > maxLines) {
                break;
            }
            kept.add(0, c);
            lines += n;
        }
        String text = kept.stream().map(c -> stripTrailingNewlines(c.source())).filter(s -> !s.isBlank())
                .collect(Collectors.joining("\n\n"));
        return new CodeText(text, kept.stream().map(Notebook.Cell::index).toList(), kept.size() < chosen.size());
    }

    /** The form two pairs are compared in for de-duplication: no trailing spaces, no blank lines, LF. */
    String normalized() {
        return text.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}

package org.pairforge.notebook;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CodeText's hand-written line handling against the JDK's String#lines, and the cell choice per context. */
class CodeTextTest {
    private static String random(Random r) {
        String alphabet = "a \t\n\r#";
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void linesAreWhatStringLinesGives() {
        Random r = new Random(5);
        for (int i = 0; i < 50_000; i++) {
            String s = random(r);
            assertEquals(s.lines().count(), CodeText.lineCount(s), () -> "line count of " + s.replace("\r", "\\r").replace("\n", "\\n"));
            String expected = s.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
            assertEquals(expected, new CodeText(s, List.of(), false).normalized(), () -> "normalized " + s.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    private static List<Notebook.Cell> cells(String... sources) {
        List<Notebook.Cell> cells = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            cells.add(new Notebook.Cell(i * 2, "code", sources[i], null, null, List.of()));
        }
        return cells;
    }

    @Test
    void eachContextChoosesItsCellsAndTheCapDropsWholeEarlierCells() {
        List<Notebook.Cell> cells = cells("a = 1\nb = 2\n", "   \n", "c = 3\n", "plot(a, b, c)\n");
        CodeText since = CodeText.build(cells, 2, CodeContext.SINCE_LAST_FIGURE, 100);
        assertEquals("c = 3\n\nplot(a, b, c)", since.text());
        assertEquals(List.of(4, 6), since.cellIndexes());
        CodeText all = CodeText.build(cells, 2, CodeContext.ALL_PRECEDING, 100);
        assertEquals("a = 1\nb = 2\n\nc = 3\n\nplot(a, b, c)", all.text(), "a blank cell adds no text");
        assertEquals(List.of(0, 2, 4, 6), all.cellIndexes());
        assertEquals(false, all.truncated());
        CodeText capped = CodeText.build(cells, -1, CodeContext.ALL_PRECEDING, 3);
        assertEquals(List.of(2, 4, 6), capped.cellIndexes(), "the two-line cell would pass the cap of 3");
        assertEquals(true, capped.truncated());
        CodeText own = CodeText.build(cells, -1, CodeContext.CELL, 0);
        assertEquals("plot(a, b, c)", own.text(), "the figure's own cell is kept whatever the cap");
        assertEquals(List.of(6), own.cellIndexes());
    }
}

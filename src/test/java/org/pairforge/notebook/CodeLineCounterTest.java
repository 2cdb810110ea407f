package org.pairforge.notebook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comment-only lines do not count, in each kernel language's own comment syntax. */
class CodeLineCounterTest {
    private static int lines(String language, String code) {
        CodeLineCounter.Count count = CodeLineCounter.forLanguage(language).count(code);
        assertNull(count.note(), language + " has a known syntax");
        return count.lines();
    }

    @Test
    void hashLanguagesCountCodeBesideACommentButNotACommentLine() {
        assertEquals(2, lines("python", "# setup\nimport numpy as np  # np\n\n   # indented comment\nprint('#')\n"));
        assertEquals(2, lines("r", "# ggplot\nlibrary(ggplot2)\nggplot(df) # draw\n"));
    }

    @Test
    void blockCommentsSpanLinesAndNestWhereTheLanguageNestsThem() {
        assertEquals(2, lines("julia", "#= a\n #= nested =#\n still comment =#\nx = 1\ny = 2 #= tail =#\n"));
        assertEquals(2, lines("scala", "/* a\n /* not nested in Scala's counter */\nval x = 1\n// c\nval y = 2\n"));
        assertEquals(1, lines("haskell", "{- a {- nested -} still -}\n-- line\nmain = print 1\n"));
        assertEquals(1, lines("wolfram language", "(* a (* nested *) *)\nPlot[Sin[x], {x, 0, 10}]\n"));
    }

    @Test
    void windowsAndOldMacLineBreaksSplitLinesAsStringLinesDoes() {
        assertEquals(2, lines("python", "# c\r\nx = 1\r\n\r\ny = 2\r"));
        assertEquals(2, lines("scala", "/* a\r\n b */ val x = 1\r// c\rval y = 2"));
        assertEquals(0, lines("python", "\r\n\r\n#\r"));
    }

    @Test
    void otherKernelsCommentSyntaxes() {
        // Octave and MATLAB kernels: % and %{ %} blocks; Octave also #.
        assertEquals(3, lines("octave", "% comment\n# also\nx = 1;\ny = 2;\n%{\nblock\n%}\nplot(x)\n"));
        assertEquals(2, lines("matlab", "%% section\nx = linspace(0, 1);\nplot(x) % draw\n"));
        assertEquals(2, lines("sql", "-- the query\nSELECT *\n/* block\n */ FROM t\n"));
        assertEquals(1, lines("lua", "--[[ block\n comment ]]\n-- line\nprint(1)\n"));
        assertEquals(2, lines("clojure", ";; comment\n#| block |#\n(def x 1)\n(plot x) ; draw\n"));
    }

    @Test
    void anUnknownLanguageCountsNonBlankLinesAndSaysSo() {
        CodeLineCounter.Count count = CodeLineCounter.forLanguage("brainfuck").count("+++\n\n[>+<-]\n");
        assertEquals(2, count.lines());
        assertTrue(count.note().contains("'brainfuck'"), count.note());
    }
}

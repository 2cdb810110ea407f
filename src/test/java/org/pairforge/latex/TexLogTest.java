package org.pairforge.latex;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TexLogTest {
    @Test
    void theFirstErrorComesWithItsInputLine() {
        TexLog log = new TexLog("(./main.tex\nLaTeX Warning: something\n! LaTeX Error: File `intro.tex' not found.\n\n"
                + "Type X to quit or <RETURN> to proceed,\nl.12 \\input{intro}\n\n! Emergency stop.\n");
        assertEquals("! LaTeX Error: File `intro.tex' not found. (input line 12)", log.firstError());
        assertEquals("intro.tex", log.missingFile());
    }

    @Test
    void aCleanLogHasNoErrorButMayAskForARerun() {
        TexLog log = new TexLog("LaTeX Warning: Label(s) may have changed. Rerun to get cross-references right.\n"
                + "LaTeX Warning: Citation `smith2020' on page 3 undefined on input line 40.\n"
                + "LaTeX Warning: Citation `smith2020' on page 4 undefined on input line 52.\n"
                + "Missing character: There is no 廋 (U+5ECB) in font [FandolSong-Regular.otf]/OT:l\n");
        assertNull(log.firstError());
        assertTrue(log.asksForRerun());
        assertEquals(List.of("smith2020"), log.undefinedCitations());
        assertEquals("廋", log.missingCharacters());
        assertFalse(new TexLog("Output written on main.pdf (1 page).").asksForRerun());
    }

    @Test
    void pdftexMissingCharactersInCjkSubfontsAreTheirCodePoints() {
        // CJKutf8 under pdfTeX: gbsn (a simplified-Chinese font) lacks 紅 (U+7D05) and 頭 (U+982D).
        TexLog log = new TexLog("Missing character: There is no ^^E in font gbsnu7d!\n"
                + "Missing character: There is no - in font gbsnu98!\n"
                + "Missing character: There is no ^^e9 in font cmr10!\n");
        assertEquals("紅頭^^e9", log.missingCharacters());
    }

    @Test
    void whatThisMachinesTexLiveLacksIsNamed() {
        // the logs as TeX Live 2022 writes them (unwrapped, as the compile sets max_print_line)
        TexLog babel = new TexLog("(./main.tex\n! Package babel Error: Unknown option 'turkish'. Either you misspelled it"
                + " (babel)                or the language definition file turkish.ldf was not found.\n\nSee the babel package"
                + " documentation for explanation.\nl.3 \\usepackage[turkish]{babel}\n");
        assertEquals("turkish.ldf", babel.missingTexFile());
        assertNull(babel.missingFont());
        TexLog sty = new TexLog("! LaTeX Error: File `tikz-cd.sty' not found.\n\nType X to quit or <RETURN> to proceed,\n"
                + "or enter new name. (Default extension: sty)\n\nl.4 \\usepackage\n");
        assertEquals("tikz-cd.sty", sty.missingTexFile());
        TexLog input = new TexLog("! LaTeX Error: File `intro.tex' not found.\n\nl.12 \\input{intro}\n");
        assertNull(input.missingTexFile(), "a paper's own file is missing_file, not TeX Live's");
        TexLog fontspec = new TexLog("! Package fontspec Error: The font \"PT Serif\" cannot be found.\n\nFor immediate help"
                + " type H <return>.\n ...\nl.3 \\setmainfont{PT Serif}\n");
        assertEquals("PT Serif", fontspec.missingFont());
        TexLog tfm = new TexLog("! Font \\x=nosuchfont at 10.0pt not loadable: Metric (TFM) file not found.\nl.3 \\font\\x=nosuchfont at 10pt \n");
        assertEquals("nosuchfont", tfm.missingFont());
        TexLog type1 = new TexLog("!pdfTeX error: pdflatex (file ptmr8a.pfb): cannot open Type 1 font file for reading\n"
                + " ==> Fatal error occurred, no output PDF file produced!\n");
        assertEquals("ptmr8a.pfb", type1.missingFont());
    }
}

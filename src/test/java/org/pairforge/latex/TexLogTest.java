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
}

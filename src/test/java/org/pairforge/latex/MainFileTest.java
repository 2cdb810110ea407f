package org.pairforge.latex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.UnreadableInputException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MainFileTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static final String DOC = "\\documentclass{article}\n\\begin{document}\nx\n\\end{document}\n";

    @Test
    void theRealPaperIsFoundAmongItsInputsAndItsClassFile() throws Exception {
        MainFile main = MainFile.find(TestData.corpus("latex/panda-wms").toAbsolutePath(), null);
        assertEquals("paper.tex", main.file().getFileName().toString());
        assertEquals(TexEngine.PDFLATEX, main.engine());
    }

    @Test
    void preferredNamesWinThenTheShallowest() throws Exception {
        write("appendix.tex", DOC + "% a long appendix that is its own document ".repeat(100));
        write("ms.tex", DOC);
        write("sub/main.tex", DOC);
        assertEquals(tmp.resolve("sub/main.tex"), MainFile.find(tmp, null).file());
    }

    @Test
    void commentedOutDocumentsAndSubfilesAreNotMainFiles() throws Exception {
        write("a.tex", "% \\documentclass{article}\n% \\begin{document}\n");
        write("chapter.tex", "\\documentclass[main.tex]{subfiles}\n\\begin{document}\nx\n\\end{document}\n");
        write("body.tex", "\\section{Only a part}\n");
        assertEquals("no_main_file", assertThrows(UnreadableInputException.class, () -> MainFile.find(tmp, null)).reason());
        write("real.tex", DOC);
        assertEquals(tmp.resolve("real.tex"), MainFile.find(tmp, null).file());
    }

    @Test
    void arxivsReadmeNamesTheToplevelFile() throws Exception {
        write("main.tex", DOC);
        write("other.tex", DOC);
        write("00README.json", "{\"sources\":[{\"filename\":\"other.tex\",\"usage\":\"toplevel\"}]}");
        assertEquals(tmp.resolve("other.tex"), MainFile.find(tmp, null).file());
    }

    @Test
    void chinesePackagesInAnInputPreambleChooseXelatex() throws Exception {
        write("main.tex", "\\documentclass{article}\n\\input{preamble}\n\\begin{document}\nx\n\\end{document}\n");
        write("preamble.tex", "\\usepackage[UTF8]{ctex}\n");
        MainFile main = MainFile.find(tmp, null);
        assertEquals(TexEngine.XELATEX, main.engine(), main.engineReason());
        assertEquals(TexEngine.PDFLATEX, MainFile.find(tmp, TexEngine.PDFLATEX).engine(), "--engine wins");
    }

    @Test
    void aMagicCommentChoosesTheEngine() throws Exception {
        write("main.tex", "% !TEX program = xelatex\n" + DOC);
        assertEquals(TexEngine.XELATEX, MainFile.find(tmp, null).engine());
    }
}

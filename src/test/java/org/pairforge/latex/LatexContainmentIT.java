package org.pairforge.latex;

import org.pairforge.markdown.MarkdownOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.page.PageOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Untrusted TeX: each hostile paper is contained and ends as a rejection or a harmless page. */
class LatexContainmentIT {
    private static final String SECRET = "SECRETTOKENXQ";

    @TempDir
    Path tmp;

    private final LatexPairs pairs = new LatexPairs(new LatexOptions(new PageOptions(72, 20, 40_000_000L), null,
            Duration.ofSeconds(20), 50L << 20, 20L << 20, MarkdownOptions.defaults()));

    private Path project(String name, String body) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("main.tex"), "\\documentclass{article}\n\\usepackage{graphicx}\n\\begin{document}\n" + body + "\n\\end{document}\n");
        return dir;
    }

    private Extraction run(Path project) {
        return pairs.extract(new SourceData(SourceRef.of(project.toString()), new byte[0], project));
    }

    private static String allText(Extraction e) {
        return e.samples().stream().map(s -> s.text() + s.extras().getOrDefault("tex", "")).collect(Collectors.joining("\n"));
    }

    private static String reasons(Extraction e) {
        return e.rejections().stream().map(r -> r.reason() + ": " + r.message()).collect(Collectors.joining("; "));
    }

    @Test
    void shellEscapeRunsNothing() throws Exception {
        Path marker = tmp.resolve("pwned");
        Extraction write18 = run(project("shell", "Hello shell.\n\\immediate\\write18{touch " + marker + "}\nBye."));
        assertFalse(Files.exists(marker), "a shell command ran");
        assertTrue(write18.readable());
        // TeX Live's default (restricted shell escape) runs kpsewhich from a piped \input; we run nothing.
        Extraction piped = run(project("pipe", "A \\input|\"kpsewhich -var-value=TEXMFDIST\" B"));
        assertFalse(allText(piped).contains("texmf"), allText(piped));
        assertTrue(piped.samples().isEmpty(), "the pipe is an error, not an empty page: " + reasons(piped));
    }

    @Test
    void filesOutsideTheProjectAreNotRead() throws Exception {
        Files.writeString(tmp.resolve("secret.tex"), SECRET + "\n");
        for (String include : new String[]{"\\input{../secret}", "\\input{" + tmp.resolve("secret") + "}",
                "\\input{/etc/passwd}", "\\openin5=" + tmp.resolve("secret.tex") + " \\read5 to\\x \\x"}) {
            Extraction e = run(project("read" + include.hashCode(), "Before.\n" + include + "\nAfter."));
            assertFalse(allText(e).contains(SECRET) || allText(e).contains("root:x:0"), include + " leaked: " + allText(e));
        }
    }

    @Test
    void nothingIsWrittenOutsideTheProject() throws Exception {
        Path outside = tmp.resolve("escaped.txt");
        Extraction relative = run(project("write1", "\\newwrite\\f\\immediate\\openout\\f=../escaped.txt\n"
                + "\\immediate\\write\\f{hi}\\immediate\\closeout\\f\nText."));
        Extraction absolute = run(project("write2", "\\newwrite\\f\\immediate\\openout\\f=" + outside + "\n"
                + "\\immediate\\write\\f{hi}\\immediate\\closeout\\f\nText."));
        assertFalse(Files.exists(outside), "TeX wrote outside its copy");
        assertFalse(Files.exists(tmp.resolve("write1").resolve("main.pdf")), "the input folder itself is never written");
        for (Extraction e : new Extraction[]{relative, absolute}) {
            assertTrue(e.samples().isEmpty() && reasons(e).startsWith("latex_error"), reasons(e));
        }
    }

    @Test
    void anEndlessMacroIsKilledAtTheTimeLimit() throws Exception {
        LatexPairs quick = new LatexPairs(new LatexOptions(PageOptions.defaults(), null, Duration.ofSeconds(3), 50L << 20, 20L << 20, MarkdownOptions.defaults()));
        long start = System.nanoTime();
        Path loop = project("loop", "\\def\\loop{\\loop}\\loop");
        Extraction e = quick.extract(new SourceData(SourceRef.of("loop"), new byte[0], loop));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("timeout", e.rejections().get(0).reason(), reasons(e));
        assertTrue(seconds < 15, "stopped in " + seconds + " s");
        Thread.sleep(200);
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("pdflatex")
                && p.info().commandLine().orElse("").contains("main.tex")), "a TeX process outlived its deadline");
    }

    @Test
    void aHugeOutputFileIsCutOff() throws Exception {
        LatexPairs small = new LatexPairs(new LatexOptions(PageOptions.defaults(), null, Duration.ofSeconds(30), 50L << 20, 1L << 20, MarkdownOptions.defaults()));
        // ~5 MB written to a file of the project's own: past the 1 MB cap.
        Path p = project("big", "\\newwrite\\f\\immediate\\openout\\f=big.txt\n"
                + "\\count1=0 \\loop\\immediate\\write\\f{" + "x".repeat(1000) + "}\\advance\\count1 by 1 \\ifnum\\count1<5000 \\repeat\n"
                + "\\immediate\\closeout\\f Done.");
        Extraction e = small.extract(new SourceData(SourceRef.of("big"), new byte[0], p));
        assertTrue(e.samples().isEmpty(), "the paper must not go on past the cap");
        assertEquals("output_too_large", e.rejections().get(0).reason(), reasons(e));
    }

    @Test
    void aLatexErrorIsARejectionWithTheFirstBangLine() throws Exception {
        Extraction e = run(project("error", "Fine text.\n\n\\thisMacroDoesNotExist\n"));
        Rejection r = e.rejections().get(0);
        assertEquals("latex_error", r.reason());
        assertTrue(r.message().startsWith("! Undefined control sequence."), r.message());
        assertTrue(r.message().contains("input line 6"), r.message());
    }

    @Test
    void aMissingFigureGetsAPlaceholderAndItsPageIsMarked() throws Exception {
        Extraction e = run(project("figure", "Text before the figure.\n\\newpage\nSecond page.\n\n"
                + "\\begin{figure}[h]\\centering\\includegraphics[width=3cm]{plots/lost-figure}\\caption{A lost plot}\\end{figure}\n"));
        assertEquals(2, e.samples().size(), reasons(e));
        Sample second = e.samples().get(1);
        assertEquals(java.util.List.of("plots/lost-figure"), second.metadata().get("missing_figures"));
        assertFalse(e.samples().get(0).metadata().containsKey("missing_figures"));
        assertTrue(second.text().contains("A lost plot"), second.text());
    }

    @Test
    void epsFiguresAreConvertedWithoutShellEscapeAndCannotReadFiles() throws Exception {
        Files.writeString(tmp.resolve("secret.txt"), SECRET + "\n");
        Path dir = project("eps", "Before the figures.\n\n\\includegraphics{figs/chart}\n\n"
                + "\\includegraphics{figs/thief.eps}\n\nAfter the figures.");
        Files.createDirectories(dir.resolve("figs"));
        Files.writeString(dir.resolve("figs/chart.eps"), "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 220 60\n"
                + "/Helvetica findfont 18 scalefont setfont 10 20 moveto (EPSCHARTLABEL) show showpage\n");
        Files.writeString(dir.resolve("figs/unused-old-plot.eps"), "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n");
        // PostScript is a language: this one reads a file outside the project and draws its first line.
        Files.writeString(dir.resolve("figs/thief.eps"), "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 400 60\n"
                + "/Helvetica findfont 12 scalefont setfont 10 20 moveto\n"
                + "(" + tmp.resolve("secret.txt") + ") (r) file 80 string readline pop show\n"
                + "10 40 moveto (/etc/passwd) (r) file 80 string readline pop show showpage\n");
        Extraction e = run(dir);
        assertEquals(1, e.samples().size(), reasons(e));
        Sample page = e.samples().get(0);
        assertTrue(page.text().contains("EPSCHARTLABEL"), "the EPS figure is drawn, not its file name: " + page.text());
        assertFalse(page.text().contains("figs/chart"), page.text());
        assertFalse(page.text().contains(SECRET) || page.text().contains("root:"), page.text());
        assertEquals(java.util.List.of("figs/thief.eps"), page.metadata().get("unconverted_eps"));
        assertTrue(page.metadata().get("compile_steps").toString().contains("gs (1 EPS figure)"),
                "chart converted, thief refused, the unused figure left alone: " + page.metadata().get("compile_steps"));
    }

    @Test
    void aMissingInputFileIsNamed() throws Exception {
        Extraction e = run(project("input", "Text.\n\\input{chapters/intro}\n"));
        assertEquals("missing_file", e.rejections().get(0).reason(), reasons(e));
        assertTrue(e.rejections().get(0).message().contains("chapters/intro"), reasons(e));
    }

    @Test
    void archiveEntriesCannotLeaveTheCopy() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("slip"));
        Files.writeString(src.resolve("main.tex"), "\\documentclass{article}\\begin{document}x\\end{document}");
        Path archive = tmp.resolve("slip.tar");
        // GNU tar keeps a leading ../ with -P: the entry would land next to the temp folder.
        Process tar = new ProcessBuilder("tar", "-cPf", archive.toString(), "-C", src.toString(), "main.tex",
                "--transform", "s|main.tex|../../evil.tex|").inheritIO().start();
        assertEquals(0, tar.waitFor());
        Extraction e = pairs.extract(new SourceData(SourceRef.of("slip"), new byte[0], archive));
        assertFalse(e.readable());
        assertEquals("unsafe_archive", e.rejections().get(0).reason(), reasons(e));
    }
}

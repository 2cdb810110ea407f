package org.pairforge.latex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `pairforge latex` on the real arXiv paper: as a project folder and as arXiv's .tar.gz, in one run. */
class LatexCommandIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

    @TempDir
    Path tmp;

    @Test
    void theArxivPaperBecomesOnePairPerPageWithItsOwnSourceLines() throws Exception {
        Path paper = TestData.corpus("latex/panda-wms");
        Path archive = tmp.resolve("panda-wms.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", paper.toString(), ".").inheritIO().start();
        assertEquals(0, tar.waitFor());

        Path out = tmp.resolve("out");
        assertEquals(0, Main.execute("latex", paper.toString(), archive.toString(), "-o", out.toString(), "--no-progress"));
        JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(2, summary.get("inputs_read").asInt());
        List<ShardReader.TarSample> samples = TestData.samples(out);
        for (ShardReader.TarSample s : samples) {
            assertEquals(paper.toString(), MAPPER.readTree(s.members().get("json")).get("source").asText());
        }
        checkPaper(samples);
        // The archive compiles to the very same pages (PDF dates are pinned), so de-dup keeps the folder's.
        List<String> rejects = Files.readAllLines(out.resolve("rejects.jsonl"));
        assertEquals(samples.size(), rejects.size(), String.join("\n", rejects));
        for (String r : rejects) {
            JsonNode reject = MAPPER.readTree(r);
            assertEquals(archive.toString(), reject.get("source").asText());
            assertEquals("duplicate", reject.get("reason").asText(), r);
        }
    }

    @Test
    void aShippedBblIsKeptWhenTheBibIsNotThere() throws Exception {
        // arXiv ships a paper's .bbl without its .bib: BibTeX would overwrite the .bbl with an empty one.
        Path paper = Files.createDirectories(tmp.resolve("paper"));
        Files.writeString(paper.resolve("main.tex"), "\\documentclass{article}\n\\begin{document}\n"
                + "As shown by \\cite{knuth84}, typesetting matters.\n\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n");
        Files.writeString(paper.resolve("main.bbl"), "\\begin{thebibliography}{1}\n\\bibitem{knuth84} D.~E. Knuth."
                + " \\newblock {\\em The Art of Typesetting}. \\newblock Addison-Wesley, 1984.\n\\end{thebibliography}\n");
        ShardReader.TarSample page = onlyPage(paper, tmp.resolve("out"));
        String text = new String(page.members().get("txt"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("As shown by [1]") && text.contains("The Art of Typesetting"), text);
        String steps = MAPPER.readTree(page.members().get("json")).get("compile_steps").toString();
        assertFalse(steps.contains("bibtex"), steps);
    }

    @Test
    void t1EncodedTextKeepsItsLigatures() throws Exception {
        // The T1 font encoding (fontenc), common in real papers, needs cm-super's Type 1 fonts (bin/setup): without them
        // TeX falls back to bitmap Type 3 fonts whose fi and fl glyphs carry no text, and the page read "unnished".
        Path paper = Files.createDirectories(tmp.resolve("t1"));
        Files.writeString(paper.resolve("main.tex"), "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\begin{document}\n"
                + "The unfinished office workflow.\n\\end{document}\n");
        String text = new String(onlyPage(paper, tmp.resolve("out-t1")).members().get("txt"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("The unfinished office workflow."), text);
    }

    @Test
    void aLogAskingForARerunThatChangesNothingIsNotObeyed() throws Exception {
        // Some packages ask for a rerun after every run. Once a run leaves the .aux it read, another run would
        // make the same PDF: before, such a paper ran the engine five times (the cap).
        Path paper = Files.createDirectories(tmp.resolve("asks"));
        Files.writeString(paper.resolve("main.tex"), "\\documentclass{article}\n\\AtEndDocument{\\typeout{LaTeX Warning: "
                + "Label(s) may have changed. Rerun to get cross-references right.}}\n\\begin{document}\n"
                + "\\section{Intro}\\label{intro}\nSee Section~\\ref{intro}.\n\\end{document}\n");
        ShardReader.TarSample page = onlyPage(paper, tmp.resolve("out-asks"));
        assertEquals("[\"pdflatex (draft)\",\"pdflatex\"]",
                MAPPER.readTree(page.members().get("json")).get("compile_steps").toString());
        assertTrue(new String(page.members().get("txt"), StandardCharsets.UTF_8).contains("See Section 1."));
    }

    @Test
    void labelsThatMoveGetTheRunThatPutsThemRight() throws Exception {
        // The contents, empty in the first run, push every section three pages on in the next: the page numbers
        // that run writes differ from those it read, so one more run follows, and the text says the right page.
        Path paper = Files.createDirectories(tmp.resolve("moves"));
        StringBuilder tex = new StringBuilder("\\documentclass{article}\n\\begin{document}\n"
                + "The last part is on page~\\pageref{s60}.\n\\tableofcontents\n\\newpage\n");
        for (int i = 1; i <= 60; i++) {
            tex.append("\\section{Part ").append(i).append("}\\label{s").append(i).append("}\nText of part ").append(i)
                    .append(".\n");
        }
        Files.writeString(paper.resolve("main.tex"), tex.append("\\end{document}\n"));
        Path out = tmp.resolve("out-moves");
        assertEquals(0, Main.execute("latex", paper.toString(), "-o", out.toString(), "--no-progress"));
        List<ShardReader.TarSample> pages = TestData.samples(out);
        JsonNode first = MAPPER.readTree(pages.get(0).members().get("json"));
        assertEquals("[\"pdflatex (draft)\",\"pdflatex\",\"pdflatex\"]", first.get("compile_steps").toString());
        int last = pages.size();
        String lastPage = new String(pages.get(last - 1).members().get("txt"), StandardCharsets.UTF_8);
        assertTrue(lastPage.contains("Part 60"), lastPage);
        String firstPage = new String(pages.get(0).members().get("txt"), StandardCharsets.UTF_8);
        assertTrue(firstPage.contains("The last part is on page " + last + "."), firstPage);
    }

    /** {@code pairforge latex PAPER -o OUT}, which must make exactly one page. */
    private static ShardReader.TarSample onlyPage(Path paper, Path out) throws Exception {
        assertEquals(0, Main.execute("latex", paper.toString(), "-o", out.toString(), "--no-progress"));
        List<ShardReader.TarSample> pages = TestData.samples(out);
        assertEquals(1, pages.size());
        return pages.get(0);
    }

    private static void checkPaper(List<ShardReader.TarSample> pages) throws Exception {
        JsonNode first = MAPPER.readTree(pages.get(0).members().get("json"));
        assertEquals(first.get("pages").asInt(), pages.size(), "every page becomes a sample");
        assertTrue(pages.size() >= 10, "the paper has a dozen pages: " + pages.size());
        assertEquals("paper.tex", first.get("main_file").asText());
        assertEquals("pdflatex", first.get("engine").asText());
        // latexmk's sequence, with the runs that only feed BibTeX and the labels done as cheap draft runs
        assertEquals("[\"pdflatex (draft)\",\"bibtex\",\"pdflatex (draft)\",\"pdflatex\"]",
                first.get("compile_steps").toString());

        StringBuilder all = new StringBuilder();
        for (ShardReader.TarSample s : pages) {
            assertEquals(Set.of("png", "txt", "tex", "md", "json"), s.members().keySet());
            JsonNode meta = MAPPER.readTree(s.members().get("json"));
            String text = new String(s.members().get("txt"), StandardCharsets.UTF_8);
            String tex = new String(s.members().get("tex"), StandardCharsets.UTF_8);
            all.append(text).append('\n');
            assertTrue(meta.get("source_ranges").size() > 0, s.key());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.members().get("png")));
            assertEquals(1224, img.getWidth(), "US letter at 144 dpi");
            assertEquals(1584, img.getHeight());
            assertTrue(meta.get("words").size() > 100, s.key() + " has its word boxes");

            double share = shareOfWordsIn(text, tex);
            assertTrue(share >= 0.95, s.key() + ": only " + share + " of the page's words are in its .tex span "
                    + meta.get("source_ranges"));
        }
        assertFalse(all.indexOf("[?]") >= 0, "every citation resolved by BibTeX");
        String flat = all.toString().replaceAll("\\s+", " ");
        assertTrue(flat.contains("Converging High-Throughput and High-Performance Computing"), flat.substring(0, 300));
        assertTrue(all.toString().toUpperCase(Locale.ROOT).contains("REFERENCES"));
    }

    /** Words of the page (letters only, ligatures unfolded, line-end hyphens joined) found in the LaTeX span. */
    static double shareOfWordsIn(String pageText, String tex) {
        String text = Normalizer.normalize(pageText, Normalizer.Form.NFKC).replaceAll("-\\s*\\n\\s*", "");
        String source = Normalizer.normalize(tex, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        int words = 0;
        int found = 0;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words++;
            if (source.contains(m.group().toLowerCase(Locale.ROOT))) {
                found++;
            }
        }
        return words == 0 ? 0 : (double) found / words;
    }
}

package org.pairforge.latex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A ctex document (the Analects from the shared corpus) is compiled by xelatex, chosen automatically. */
class ChineseLatexIT {
    @TempDir
    Path tmp;

    @Test
    void aCtexDocumentCompilesWithXelatexAndItsPagesHoldTheChinese() throws Exception {
        JsonNode chapters = new ObjectMapper().readTree(TestData.corpus("zh").resolve("lunyu.json").toFile());
        StringBuilder body = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int c = 0; c < 2; c++) {
            body.append("\\section{").append(chapters.get(c).get("chapter").asText()).append("}\n\n");
            for (JsonNode p : chapters.get(c).get("paragraphs")) {
                body.append(p.asText()).append("\n\n");
                expected.append(p.asText());
            }
        }
        Path project = Files.createDirectories(tmp.resolve("lunyu"));
        Files.writeString(project.resolve("lunyu.tex"), "\\documentclass[UTF8]{ctexart}\n\\title{论语}\n\\begin{document}\n"
                + "\\maketitle\n" + body + "\\end{document}\n");

        Extraction e = new LatexPairs(LatexOptions.defaults())
                .extract(new SourceData(SourceRef.of("lunyu"), new byte[0], project));
        assertTrue(e.rejections().isEmpty(), e.rejections().toString());
        assertFalse(e.samples().isEmpty());
        Sample first = e.samples().get(0);
        assertEquals("xelatex", first.metadata().get("engine"));
        assertTrue(first.metadata().get("engine_reason").toString().contains("ctexart"), first.metadata().get("engine_reason").toString());

        // FandolSong, ctex's default font on Linux, lacks a few rare characters of the Analects (廋 輗 軏):
        // TeX drops them from the page; the pages whose source has them say so.
        StringBuilder dropped = new StringBuilder();
        for (Sample s : e.samples()) {
            Object m = s.metadata().get("missing_glyphs");
            if (m != null) {
                assertTrue(s.extras().get("tex").contains(m.toString().substring(0, 1)));
                dropped.append(m);
            }
        }
        String text = e.samples().stream().map(Sample::text).collect(Collectors.joining()).replaceAll("\\s+", "");
        String want = expected.toString();
        int present = 0;
        int total = 0;
        for (int i = 0; i < want.length(); i++) {
            char ch = want.charAt(i);
            if (Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN) {
                total++;
                present += text.indexOf(ch) >= 0 || dropped.indexOf(String.valueOf(ch)) >= 0 ? 1 : 0;
            }
        }
        assertTrue(total > 500 && present == total, present + " of " + total + " Han characters on the pages or reported");
        assertTrue(dropped.length() < 10, "only rare characters are missing: " + dropped);
        String firstParagraph = chapters.get(0).get("paragraphs").get(0).asText();
        assertTrue(text.contains(firstParagraph.replaceAll("\\s+", "")), "the first saying, in order: " + text.substring(0, 200));
        String tex = e.samples().stream().map(s -> s.extras().get("tex")).collect(Collectors.joining());
        assertTrue(tex.contains(firstParagraph), "the pages' LaTeX spans hold the source paragraphs");
    }

    @Test
    void chineseUnderPdflatexWithCjkutf8KeepsItsText() throws Exception {
        // English papers write Chinese author names with CJKutf8 under pdflatex; it needs Debian's latex-cjk packages.
        JsonNode poems = new ObjectMapper().readTree(TestData.corpus("zh").resolve("tangshisanbaishou.json").toFile());
        String poem = firstPoemLines(poems);
        // The corpus poems are in traditional characters: bsmi (a Big5 font) draws them all.
        Sample page = compileCjk("bsmi", poem);
        assertEquals("pdflatex", page.metadata().get("engine"));
        assertTrue(page.text().replaceAll("\\s+", "").contains(poem.replaceAll("\\s+", "")), page.text());
        assertEquals(null, page.metadata().get("missing_glyphs"));
        // gbsn (GB, simplified) lacks some traditional forms: TeX drops them, and the page says which.
        Sample simplifiedFont = compileCjk("gbsn", poem);
        String missing = (String) simplifiedFont.metadata().get("missing_glyphs");
        assertTrue(missing != null && !missing.isEmpty(), "gbsn lacks traditional forms");
        for (int cp : missing.codePoints().toArray()) {
            assertTrue(poem.indexOf(cp) >= 0 && simplifiedFont.text().indexOf(cp) < 0,
                    "reported " + new String(Character.toChars(cp)) + " is in the poem and not on the page: " + missing);
        }
    }

    private Sample compileCjk(String font, String text) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("cjk-" + font));
        Files.writeString(project.resolve("main.tex"), "\\documentclass{article}\n\\usepackage{CJKutf8}\n\\begin{document}\n"
                + "An English sentence before the poem.\n\n\\begin{CJK}{UTF8}{" + font + "}\n" + text + "\n\\end{CJK}\n\\end{document}\n");
        Extraction e = new LatexPairs(LatexOptions.defaults()).extract(new SourceData(SourceRef.of(font), new byte[0], project));
        assertTrue(e.rejections().isEmpty(), e.rejections().toString());
        return e.samples().get(0);
    }

    /** The first poem's lines, whatever nesting the corpus file uses. */
    private static String firstPoemLines(JsonNode node) {
        if (node.has("paragraphs")) {
            StringBuilder lines = new StringBuilder();
            node.get("paragraphs").forEach(l -> lines.append(l.asText()));
            return lines.toString();
        }
        for (JsonNode child : node.isArray() ? node : node.path("content")) {
            String found = firstPoemLines(child);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return "";
    }
}

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
}

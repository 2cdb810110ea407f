package org.pairforge.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chinese template pages (the Analects through the ebook template) read back by Tesseract's chi_sim. */
class ChineseTemplateOcrIT {
    @TempDir
    Path tmp;

    @Test
    void tesseractReadsTheChineseTemplatePages() throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, Main.execute("documents", "--template", "ebook", "--content",
                TestData.corpus("zh").resolve("lunyu.json").toString(), "--count", "4", "--seed", "11",
                "-o", out.toString(), "--no-progress"));
        List<Double> rates = new ArrayList<>();
        for (ShardReader.TarSample s : TestData.samples(out)) {
            String text = new String(s.members().get("txt"), StandardCharsets.UTF_8);
            if (text.codePointCount(0, text.length()) < 200) {
                continue; // a chapter's short last page says little about the reading
            }
            // One column of text: psm 6. Its own layout analysis (psm 3) splits lines at wide punctuation and
            // reads the pieces out of order (0.21 instead of 0.14 on these pages).
            rates.add(Ocr.cer(text, Ocr.read(s.members().get("png"), "chi_sim", 6)));
        }
        assertTrue(rates.size() >= 3, "enough full pages: " + rates.size());
        double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.println("chi_sim CER per page " + rates + ", mean " + mean);
        // Issue #3 asks for <= 0.10: 0.093 here (2026-11-25, seed 11). It was 0.136 while each page's text also
        // held the line Flying Saucer moved to the next page and clipped away on this one (PdfPages now keeps
        // only visible glyphs). What is left is mostly Debian's chi_sim model reading look-alikes: 曰 as 日
        // every time (3% of the Analects' characters), 乎 as 平, 矣 as 侨.
        assertTrue(mean <= 0.10, "mean character error rate " + mean + " over " + rates);
    }
}

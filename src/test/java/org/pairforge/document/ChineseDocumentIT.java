package org.pairforge.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.page.PageOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Chinese text (the Analects, from the shared corpus) through Flying Saucer with Noto CJK. */
class ChineseDocumentIT {
    @TempDir
    Path tmp;

    private Path analects(String extraCss) throws Exception {
        JsonNode chapters = new ObjectMapper().readTree(TestData.corpus("zh").resolve("lunyu.json").toFile());
        StringBuilder body = new StringBuilder();
        for (int c = 0; c < 2; c++) {
            body.append("<h2>").append(chapters.get(c).get("chapter").asText()).append("</h2>");
            for (JsonNode p : chapters.get(c).get("paragraphs")) {
                body.append("<p>").append(p.asText()).append("</p>");
            }
        }
        return Files.writeString(tmp.resolve("lunyu.xhtml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\"><head><title>论语</title>"
                + "<style>body { font-size: 14pt; line-height: 1.6; } " + extraCss + "</style></head><body>"
                + body + "</body></html>");
    }

    private static Extraction render(Path xhtml) {
        return new DocumentPairs(PageOptions.defaults(), Duration.ofSeconds(60), 64L << 20)
                .extract(new SourceData(SourceRef.of(xhtml.toString()), new byte[0], xhtml));
    }

    @Test
    void chinesePagesHoldTheChineseAndOcrReadsIt() throws Exception {
        Extraction e = render(analects(""));
        assertEquals(java.util.List.of(), e.rejections());
        Sample first = e.samples().get(0);
        assertTrue(first.text().contains("学而时习之"), first.text());
        assertTrue(String.valueOf(first.metadata().get("fonts")).contains("CJK"), "drawn with Noto CJK: " + first.metadata().get("fonts"));
        @SuppressWarnings("unchecked")
        var words = (java.util.List<org.pairforge.page.WordBox>) first.metadata().get("words");
        assertTrue(words.stream().filter(w -> w.text().codePointCount(0, w.text().length()) == 1).count() > 100,
                "CJK text is one box per character");
        // Over every page, weighted by their characters: 0.20-0.26 with Noto Serif CJK at 144 dpi, whether glyphs
        // are filled in place or copied from masks a fraction of a pixel off (one page alone moves between 0.16 and
        // 0.40 with such placements, so no single page is read). The misses are Debian's chi_sim 4.1 model
        // confusing look-alikes (曰/日, 乎/平, 愠/慢), not rendering faults. This bound catches broken Chinese
        // rendering (which reads at ~1.0); issue #3's 10% target for Chinese template pages is not met yet.
        long errors = 0, chars = 0;
        for (Sample page : e.samples()) {
            int n = page.text().replaceAll("\\s+", "").length();
            errors += Math.round(Ocr.cer(page.text(), Ocr.read(page.image().bytes(), "chi_sim")) * n);
            chars += n;
        }
        double cer = errors / (double) chars;
        assertTrue(e.samples().size() >= 3 && cer <= 0.35, "character error rate " + cer + " over "
                + e.samples().size() + " pages");
    }

    @Test
    void aBookWhoseCssNamesLatinFontsStillGetsItsChineseDrawn() throws Exception {
        // Real Chinese e-books say "serif", "SimSun" or name a Latin font. Flying Saucer draws a run with one font
        // and has no per-glyph fallback: before, every Chinese character was dropped and each page rejected.
        for (String css : java.util.List.of("body, h2, p { font-family: \"Times New Roman\", serif; }",
                "body { font-family: \"SimSun\", \"\u5b8b\u4f53\", sans-serif; } h2 { font-family: monospace; }",
                "body, h2, p { font-family: \"DejaVu Sans Mono\" !important; }")) {
            Extraction e = render(analects(css));
            assertEquals(java.util.List.of(), e.rejections(), css);
            Sample first = e.samples().get(0);
            assertTrue(first.text().contains("\u5b66\u800c\u65f6\u4e60\u4e4b"), css + ": " + first.text());
            assertTrue(String.valueOf(first.metadata().get("fonts")).contains("CJK"), css + ": " + first.metadata().get("fonts"));
        }
        Sample sans = render(analects("p { font-family: sans-serif; }")).samples().get(0);
        assertTrue(String.valueOf(sans.metadata().get("fonts")).contains("NotoSansCJK"), "sans-serif stays a sans: "
                + sans.metadata().get("fonts"));
    }

    @Test
    void charactersNoInstalledFontHasAreARejectionThatListsThem() throws Exception {
        // Egyptian hieroglyphs: neither DejaVu nor Noto CJK draws them, so the page would go out without them.
        Path xhtml = Files.writeString(tmp.resolve("glyphs.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\">"
                + "<body><p>\u5b66\u800c\u65f6\u4e60\u4e4b \ud80c\udc00\ud80c\udc01 \u4e0d\u4ea6\u8bf4\u4e4e</p></body></html>");
        Extraction e = render(xhtml);
        assertTrue(e.samples().isEmpty(), "no page goes out without its characters");
        Rejection r = e.rejections().get(0);
        assertEquals("missing_glyphs", r.reason());
        assertTrue(r.message().contains("\ud80c\udc00") && r.message().contains("2 character(s)"), r.message());
        assertFalse(r.message().contains("\u5b66"), "the Chinese is drawn: " + r.message());
    }
}

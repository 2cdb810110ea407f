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
        var words = (java.util.List<Object[]>) first.metadata().get("words");
        assertTrue(words.stream().filter(w -> ((String) w[4]).codePointCount(0, ((String) w[4]).length()) == 1).count() > 100,
                "CJK text is one box per character");
        // Measured here: 0.236 with Noto Serif CJK at 144 dpi (0.149 at 200 dpi; Noto Sans 0.13). The misses
        // are Debian's chi_sim 4.1 model confusing look-alikes (曰/日, 乎/平, 愠/慢), not rendering faults.
        // This bound catches broken Chinese rendering (which reads at ~1.0); issue #3's 10% target for
        // Chinese template pages is not met yet and is noted on the issue.
        double cer = Ocr.cer(first.text(), Ocr.read(first.image().bytes(), "chi_sim"));
        assertTrue(cer <= 0.25, "character error rate " + cer);
    }

    @Test
    void aFontWithoutTheGlyphsIsARejectionThatListsThem() throws Exception {
        // The document insists on a Latin-only font: Flying Saucer would silently drop every Chinese character.
        Extraction e = render(analects("body, h2, p { font-family: \"DejaVu Sans Mono\" !important; }"));
        assertTrue(e.samples().isEmpty(), "no page goes out without its characters");
        Rejection r = e.rejections().get(0);
        assertEquals("missing_glyphs", r.reason());
        assertTrue(r.message().contains("之") && r.message().contains("316 character(s)"), r.message());
        assertFalse(r.message().isBlank());
    }
}

package org.pairforge.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.shard.ShardReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PP-OCR checker for real: PaddleOCR's PP-OCRv4 in ONNX Runtime reading rendered Chinese pages. */
class PpOcrCheckIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    /** Two e-books of the Analects, rendered by the documents command. */
    static Path pages;

    @BeforeAll
    static void render() {
        pages = TestData.runCli(data, "zh", "documents", "--template", "ebook", "--content",
                TestData.corpus("zh").resolve("lunyu.json").toString(), "--count", "2", "--seed", "11");
    }

    /** Score by key of the full pages (200 characters or more: a chapter's short last page says little). */
    private static Map<String, Double> fullPageScores(Path out, String checker) throws Exception {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (ShardReader.TarSample t : TestData.samples(out)) {
            Map<?, ?> c = TesseractCheckIT.check(t);
            assertEquals(checker, c.get("checker"), t.key());
            String text = new String(t.members().get("txt"), StandardCharsets.UTF_8);
            if (text.codePointCount(0, text.length()) >= 200) {
                scores.put(t.key(), TesseractCheckIT.score(c));
            }
        }
        return scores;
    }

    @Test
    void autoGivesChinesePagesToPpOcrWhichReadsThemBetterThanTesseract(@TempDir Path dir) throws Exception {
        Path auto = TestData.runCli(dir, "auto", "check", pages.toString());
        Path tesseract = TestData.runCli(dir, "tesseract", "check", pages.toString(), "--checker", "tesseract");
        for (ShardReader.TarSample t : TestData.samples(auto)) {
            Map<?, ?> c = TesseractCheckIT.check(t);
            assertEquals("PP-OCRv4", c.get("model"));
            assertEquals("ppocr:v4:det960", c.get("prompt_id"));
            assertEquals("ok", c.get("status"), c.toString());
            String caption = new String(t.members().get("caption.txt"), StandardCharsets.UTF_8);
            assertTrue(caption.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN),
                    "the transcript is Chinese: " + caption);
        }
        Map<String, Double> pp = fullPageScores(auto, "ppocr");
        Map<String, Double> tess = fullPageScores(tesseract, "tesseract");
        assertEquals(pp.keySet(), tess.keySet());
        assertTrue(pp.size() >= 3, "several full pages: " + pp);
        double ppMean = pp.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double tessMean = tess.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(ppMean >= 0.95, "PP-OCR reads the pages almost exactly: " + pp);
        assertTrue(ppMean > tessMean + 0.03, "and better than chi_sim: PP-OCR " + pp + ", Tesseract " + tess);
        Map<?, ?> summary = JSON.readValue(auto.resolve("summary.json").toFile(), Map.class);
        Map<?, ?> settings = (Map<?, ?>) ((Map<?, ?>) summary.get("settings")).get("check");
        assertEquals("auto", settings.get("checker"), "the run records which reader it chose from: " + settings);
    }

    @Test
    void theSamePagesGiveTheSameBytesEveryRun(@TempDir Path dir) throws Exception {
        Path a = TestData.runCli(dir, "a", "check", pages.toString(), "--checker", "ppocr");
        Path b = TestData.runCli(dir, "b", "check", pages.toString(), "--checker", "ppocr");
        List<Path> shards = new ArrayList<>();
        try (var s = Files.list(a.resolve("shards"))) {
            s.filter(p -> p.toString().endsWith(".tar")).sorted().forEach(shards::add);
        }
        assertFalse(shards.isEmpty());
        for (Path shard : shards) {
            assertArrayEquals(Files.readAllBytes(shard), Files.readAllBytes(b.resolve("shards").resolve(shard.getFileName())),
                    shard.getFileName() + ": PP-OCR on one thread a call is deterministic");
        }
    }

    @Test
    void aCallPastTheTimeLimitIsStoppedAndKeptAsAnError(@TempDir Path dir) throws Exception {
        Path out = TestData.runCli(dir, "late", "check", pages.toString(), "--checker", "ppocr", "--request-timeout", "5ms");
        List<ShardReader.TarSample> samples = TestData.samples(out);
        assertEquals(TestData.samples(pages).size(), samples.size(), "no sample is lost");
        for (ShardReader.TarSample t : samples) {
            Map<?, ?> c = TesseractCheckIT.check(t);
            assertEquals("error", c.get("status"), c.toString());
            assertTrue(String.valueOf(c.get("error")).contains("--request-timeout"), c.toString());
        }
        assertEquals(samples.size(), Files.readAllLines(out.resolve("check_errors.jsonl")).size(), "each is listed for --resume");
    }
}

package org.pairforge.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Sample;
import org.pairforge.pipeline.Verdict;
import org.pairforge.shard.ShardReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default checker for real: Debian's Tesseract reading rendered pages and notebook figures. */
class TesseractCheckIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    /** One chapter of the corpus e-book, rendered by the documents command. */
    static Path chapter;

    @BeforeAll
    static void render() {
        chapter = TestData.runCli(data, "chapter", "documents", TestData.corpus("ebooks")
                .resolve("sherlock-holmes/src/epub/text/a-scandal-in-bohemia.xhtml").toString());
    }

    static Map<?, ?> check(ShardReader.TarSample t) throws Exception {
        return (Map<?, ?>) JSON.readValue(t.members().get("json"), Map.class).get("check");
    }

    static double score(Map<?, ?> check) {
        return ((Number) ((Map<?, ?>) check.get("scores")).get("score")).doubleValue();
    }

    @Test
    void renderedBookPagesScoreHighAndKeepTheirTranscript(@TempDir Path dir) throws Exception {
        Path out = TestData.runCli(dir, "checked", "check", chapter.toString(), "--min-score", "0.8");
        List<ShardReader.TarSample> pages = TestData.samples(out);
        assertEquals(TestData.samples(chapter).size(), pages.size(), "every page passes --min-score 0.8");
        assertTrue(pages.size() >= 5, "a chapter of several pages: " + pages.size());
        for (ShardReader.TarSample p : pages) {
            Map<?, ?> c = check(p);
            assertEquals("tesseract", c.get("checker"), "--checker auto gives English pages to Tesseract");
            assertTrue(String.valueOf(c.get("model")).startsWith("tesseract "), c.toString());
            assertEquals("tesseract:eng:psm6", c.get("prompt_id"), "one column of English: psm 6");
            String text = new String(p.members().get("txt"), StandardCharsets.UTF_8);
            if (text.length() > 500) { // the chapter's short last page says little
                assertTrue(score(c) >= 0.9, "a full page reads back: " + c);
            }
            String caption = new String(p.members().get("caption.txt"), StandardCharsets.UTF_8);
            String firstWords = Scores.normalize(text).substring(0, 20);
            assertTrue(Scores.normalize(caption).contains(firstWords.substring(0, 10)) || score(c) >= 0.9,
                    "the transcript is the page's text: " + caption.substring(0, Math.min(80, caption.length())));
        }
        assertEquals(List.of(), Files.readAllLines(out.resolve("check_errors.jsonl")));
        Map<?, ?> summary = JSON.readValue(out.resolve("summary.json").toFile(), Map.class);
        Map<?, ?> pageKind = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) summary.get("check")).get("by_kind")).get("document-page");
        assertTrue(((Number) pageKind.get("median")).doubleValue() >= 0.9, pageKind.toString());
        assertTrue(Files.size(out.resolve("check_scores_document-page.png")) > 1000);
    }

    @Test
    void pagesPairedWithAnotherPagesTextScoreLowAndAreDropped() throws Exception {
        List<Sample> pages = new ArrayList<>();
        for (ShardReader.TarSample t : TestData.samples(chapter)) {
            pages.add(ShardReader.toSample(t));
        }
        pages = pages.subList(0, 4);
        List<Sample> swapped = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            Sample s = pages.get(i);
            Sample other = pages.get((i + 1) % pages.size());
            swapped.add(new Sample(s.key(), s.source(), s.images(), other.text(), s.metadata(), s.extras(), s.dedupKey()));
        }
        try (SelfCheck check = SelfCheck.open(CheckOptions.builder().minScore(0.5).build())) {
            List<Verdict> honest = check.apply(pages);
            List<Verdict> verdicts = check.apply(swapped);
            for (int i = 0; i < pages.size(); i++) {
                assertTrue(honest.get(i).kept(), "the true pair passes");
                Verdict v = verdicts.get(i);
                assertFalse(v.kept(), "a page with another page's text is dropped");
                assertEquals(SelfCheck.BELOW_MIN_SCORE, v.reason());
                double score = ((Number) v.details().get("score")).doubleValue();
                assertTrue(score < 0.5, "score " + score);
                assertTrue(v.message().contains("--min-score 0.5"), v.message());
                assertTrue(String.valueOf(v.details().get("transcript")).length() > 100, "the transcript is on record");
            }
            Map<?, ?> pageLatency = (Map<?, ?>) ((Map<?, ?>) check.report().get("by_kind")).get("document-page");
            assertTrue(((Number) pageLatency.get("attempts")).intValue() >= 8, "latencies were measured: " + pageLatency);
            assertTrue(((Number) ((Map<?, ?>) pageLatency.get("latency_ms")).get("p95")).longValue() > 0, pageLatency.toString());
        }
    }

    @Test
    void notebookFiguresGetCaptionsAndTextRecall(@TempDir Path dir) throws Exception {
        Path out = TestData.runCli(dir, "figures", "notebooks", TestData.fixtures("notebooks").toString(), "--check");
        int scored = 0;
        boolean titled = false;
        for (ShardReader.TarSample t : TestData.samples(out)) {
            Map<?, ?> c = check(t);
            assertNotNull(c, t.key());
            assertTrue(String.valueOf(c.get("prompt_id")).endsWith(":psm11:conf70"), "sparse text, confident words: " + c);
            Map<?, ?> scores = (Map<?, ?>) c.get("scores");
            if ("no_text".equals(c.get("status"))) {
                assertNull(scores.get("text_recall"), "a figure with no readable word is no_text, not a failure");
                continue;
            }
            assertEquals("ok", c.get("status"));
            scored++;
            double recall = ((Number) scores.get("text_recall")).doubleValue();
            // Marks read as words ("gly", "Hh") would score 0: only words Tesseract is sure of count.
            assertTrue(recall >= 0.5, "the words read are the figure's text: " + c);
            String code = new String(t.members().get("txt"), StandardCharsets.UTF_8);
            if (code.contains("plt.title('Signal over time')")) {
                titled = true;
                String caption = new String(t.members().get("caption.txt"), StandardCharsets.UTF_8);
                assertTrue(caption.contains("Signal over time"), caption);
                assertEquals(1.0, recall, "every word read is in the code: " + caption);
                assertEquals(List.of("line"), scores.get("chart_types_code"));
            }
        }
        assertTrue(titled, "the titled figure was checked");
        assertTrue(scored >= 1 && scored < TestData.samples(out).size(), "figures with text were scored, untitled ones are no_text: " + scored);
    }

    @Test
    void aChineseTemplatePageIsReadWithChiSim(@TempDir Path dir) throws Exception {
        // --checker auto (the default) gives Chinese pages to PP-OCR (PpOcrCheckIT); Tesseract reads them when asked
        Path out = TestData.runCli(dir, "zh", "documents", "--template", "ebook", "--content",
                TestData.corpus("zh").resolve("lunyu.json").toString(), "--count", "1", "--seed", "11", "--check",
                "--checker", "tesseract");
        List<Double> full = new ArrayList<>();
        for (ShardReader.TarSample t : TestData.samples(out)) {
            Map<?, ?> c = check(t);
            assertTrue(String.valueOf(c.get("prompt_id")).startsWith("tesseract:chi_sim"), c.toString());
            String text = new String(t.members().get("txt"), StandardCharsets.UTF_8);
            if (text.codePointCount(0, text.length()) >= 200) {
                full.add(score(c));
            }
        }
        assertFalse(full.isEmpty(), "a full Chinese page");
        double mean = full.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(mean >= 0.8, "chi_sim reads the page's text: " + full);
    }

    /**
     * Web screens in columns, cards and sidebars: the order-independent score separates a page's own text from
     * another page's, where a character error rate in DOM order could not (median 0.57 for correct pairs).
     */
    @Test
    void templateScreensScoreHighAndAnotherPagesTextLow(@TempDir Path dir) throws Exception {
        org.pairforge.template.TemplateContent content = org.pairforge.template.TemplateContent.load(Path.of("templates/content/sherlock-holmes.json"));
        Path pages = dir.resolve("pages");
        for (String template : org.pairforge.template.WebTemplates.NAMES) {
            new org.pairforge.template.WebTemplates(Path.of("templates"), template, "tailwind").generate(content, 5, 11, pages, "en");
        }
        Path out = TestData.runCli(dir, "screens", "web", pages.toString(), "--viewport", "1280x800", "--check", "--checker", "tesseract");
        List<ShardReader.TarSample> screens = TestData.samples(out);
        assertTrue(screens.size() >= 60, "60 template pages or more: " + screens.size());
        List<Double> own = new ArrayList<>();
        List<Double> swapped = new ArrayList<>();
        for (int i = 0; i < screens.size(); i++) {
            Map<?, ?> c = check(screens.get(i));
            assertEquals("tesseract:eng:psm11", c.get("prompt_id"), "screens are read as sparse text");
            Map<?, ?> scores = (Map<?, ?>) c.get("scores");
            assertEquals(Scores.WORD_F1, scores.get("metric"), c.toString());
            own.add(score(c));
            String transcript = new String(screens.get(i).members().get("caption.txt"), StandardCharsets.UTF_8);
            // Swapped by a rotation of half the set: shards hold a template's pages side by side, so a page gets
            // another template's text (two pages of one template share their labels and headings, truly shown).
            String other = new String(screens.get((i + screens.size() / 2) % screens.size()).members().get("txt"), StandardCharsets.UTF_8);
            swapped.add(Scores.screen(transcript, other).score());
        }
        own.sort(null);
        swapped.sort(null);
        double median = own.get(own.size() / 2);
        double p10 = own.get(own.size() / 10);
        double swappedMedian = swapped.get(swapped.size() / 2);
        assertTrue(median >= 0.90 && p10 >= 0.80, "correct pairs: median " + median + ", p10 " + p10 + " " + own);
        assertTrue(swappedMedian <= 0.30, "pairs with another page's text: median " + swappedMedian + " " + swapped);
    }
}

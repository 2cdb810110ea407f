package org.pairforge.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.browser.Chromium;
import org.pairforge.check.CheckOptions;
import org.pairforge.fixtures.FixtureSpec;
import org.pairforge.fixtures.Fixtures;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gallery of a checked fixture set opened in Debian's Chromium through Playwright, checked against the
 * dataset's own files: samples shown, images loaded, boxes drawn, rejects listed and filtered, worst-first order,
 * and no request beyond the page itself. A screenshot is kept in target/gallery/ for a person to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GalleryIT {
    @TempDir
    static Path tmp;

    private Path fixtures;
    private Playwright playwright;
    private Browser browser;

    @BeforeAll
    void setUp() throws Exception {
        fixtures = tmp.resolve("fx");
        Fixtures.write(fixtures, FixtureSpec.builder().seed(5).count(2)
                .check(CheckOptions.builder().embedded(CheckOptions.Embedded.TESSERACT).build()).build());
        if (System.getProperty("playwright.nodejs.path") == null) {
            System.setProperty("playwright.nodejs.path", "/usr/bin/node");
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Chromium.EXECUTABLE)
                .setArgs(List.of("--no-sandbox")));
    }

    @AfterAll
    void tearDown() {
        if (playwright != null) {
            playwright.close();
        }
    }

    /** The metadata of sample {@code key} as its shard holds it, read apart from the gallery's own reading. */
    private static JsonNode metadataOf(Path run, String key) throws Exception {
        List<Path> tars;
        try (Stream<Path> s = Files.list(run.resolve("shards"))) {
            tars = s.filter(p -> p.toString().endsWith(".tar")).sorted().toList();
        }
        for (Path tar : tars) {
            for (ShardReader.TarSample t : ShardReader.read(tar)) {
                if (t.key().equals(key)) {
                    return Json.MAPPER.readTree(t.members().get("json"));
                }
            }
        }
        throw new AssertionError(key + " is in no shard of " + run);
    }

    @Test
    void theGalleryShowsWhatTheDatasetHolds() throws Exception {
        int asked = 2;
        Path html = tmp.resolve("gallery.html");
        Gallery.write(Inspection.of(fixtures, new Inspection.Options(asked, 0, null, false, 1000)), html);

        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
        List<String> requests = new ArrayList<>();
        List<String> console = new ArrayList<>();
        page.onRequest(r -> requests.add(r.url()));
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        page.onPageError(e -> console.add("pageerror: " + e));
        page.navigate(html.toUri().toString());

        int expected = 0;
        for (String kind : Fixtures.kinds()) {
            expected += Math.min(asked, Json.MAPPER.readTree(fixtures.resolve(kind).resolve("summary.json").toFile()).get("kept").asInt());
        }
        assertEquals(4 * asked, expected, "every kind has enough samples to show the number asked for");
        assertEquals(expected, page.locator("article.sample").count(), "samples shown");
        for (String kind : Fixtures.kinds()) {
            assertEquals(asked, page.locator("section.run[data-command=" + kind + "] article.sample").count(), kind);
        }
        assertEquals(Boolean.TRUE, page.evaluate("() => Array.from(document.images).length === " + expected
                + " && Array.from(document.images).every(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0)"), "every image loaded");

        // Boxes: none drawn until the control is on, then as many as the sample's metadata holds (words, and lines for web)
        for (String kind : List.of("documents", "web", "latex")) {
            Locator card = page.locator("section.run[data-command=" + kind + "] article.sample").first();
            String key = card.getAttribute("data-key");
            JsonNode meta = metadataOf(fixtures.resolve(kind), key);
            int boxes = meta.path("words").size() + meta.path("text_boxes").size();
            assertTrue(boxes > 10, kind + " " + key + " has boxes in its metadata: " + boxes);
            assertFalse(card.locator("svg.boxes").isVisible(), "boxes hidden at first");
        }
        page.locator("#show-boxes").check();
        for (String kind : List.of("documents", "web", "latex")) {
            Locator card = page.locator("section.run[data-command=" + kind + "] article.sample").first();
            JsonNode meta = metadataOf(fixtures.resolve(kind), card.getAttribute("data-key"));
            assertTrue(card.locator("svg.boxes").isVisible(), kind + ": boxes shown");
            assertEquals(meta.path("words").size() + meta.path("text_boxes").size() + meta.path("blocks").size(),
                    card.locator("svg.boxes rect").count(), kind + ": one box drawn per box in the metadata");
        }
        // A LaTeX page: its Markdown rendered beside the image, its layout blocks drawn with their types
        Locator paper = page.locator("section.run[data-command=latex] article.sample").first();
        JsonNode paperMeta = metadataOf(fixtures.resolve("latex"), paper.getAttribute("data-key"));
        assertTrue(paperMeta.path("blocks").size() >= 3, "a page of a paper has blocks: " + paperMeta.path("blocks"));
        assertEquals(paperMeta.path("blocks").size(), paper.locator("svg.boxes rect.block").count(), "one rect per block");
        assertEquals(paperMeta.path("blocks").get(0).get("type").asText(), paper.locator("svg.boxes text.block-label").first().textContent());
        assertTrue(paper.locator(".markdown h1, .markdown h2").count() >= 1, "headings rendered from KEY.md");
        String rendered = paper.locator(".markdown").textContent();
        assertTrue(rendered.contains("\\[") || rendered.contains("\\("), "math kept as LaTeX: " + rendered);
        // The first word box of a document page lies over its word: where the metadata says, in the image's scale
        Locator doc = page.locator("section.run[data-command=documents] article.sample").first();
        JsonNode firstWord = metadataOf(fixtures.resolve("documents"), doc.getAttribute("data-key")).path("words").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> placed = (Map<String, Object>) doc.evaluate("card => { const img = card.querySelector('img');"
                + " const r = card.querySelector('svg.boxes rect.word').getBoundingClientRect(); const i = img.getBoundingClientRect();"
                + " const s = i.width / img.naturalWidth; return {x: (r.left - i.left) / s, y: (r.top - i.top) / s}; }");
        assertEquals(firstWord.get("x0").asDouble(), ((Number) placed.get("x")).doubleValue(), 2.0, "box x in image pixels");
        assertEquals(firstWord.get("y0").asDouble(), ((Number) placed.get("y")).doubleValue(), 2.0, "box y in image pixels");
        page.locator("#show-boxes").uncheck();
        assertFalse(doc.locator("svg.boxes").isVisible(), "boxes hidden again");

        // Rejects: one row per line of each run's rejects.jsonl; the reason filter leaves that reason's rows
        for (String kind : Fixtures.kinds()) {
            List<String> lines = Files.readAllLines(fixtures.resolve(kind).resolve("rejects.jsonl")).stream().filter(l -> !l.isBlank()).toList();
            Locator rows = page.locator("section.run[data-command=" + kind + "] table.rejects tbody tr");
            assertEquals(lines.size(), rows.count(), kind + " rejects");
            String reason = Json.MAPPER.readTree(lines.get(0)).get("reason").asText();
            long withReason = lines.stream().filter(l -> l.contains("\"reason\":\"" + reason + "\"")).count();
            page.locator("section.run[data-command=" + kind + "] select.reason-filter").selectOption(reason);
            assertEquals(withReason, (long) (int) (Integer) page.evaluate("k => Array.from(document.querySelectorAll("
                    + "'section.run[data-command=' + k + '] table.rejects tbody tr')).filter(r => r.style.display !== 'none').length", kind),
                    kind + ": rows left by the filter " + reason);
        }

        // The self-check: score and transcript on every card; pages get the diff, figures the reader's words
        assertEquals(expected, page.locator("article.sample .check").count(), "every shown sample was checked");
        assertEquals(asked * 3, page.locator("article.sample .check .diff").count(), "pages and screens show a diff");
        assertEquals(asked, page.locator("section.run[data-command=notebooks] article.sample .check pre.transcript").count());
        assertTrue(page.locator("article.sample .diff del, article.sample .diff ins").count() > 0, "differences marked");
        page.locator("#order").selectOption("score");
        @SuppressWarnings("unchecked")
        List<List<Object>> orders = (List<List<Object>>) page.evaluate("() => Array.from(document.querySelectorAll('.samples')).map(l =>"
                + " Array.from(l.children).map(c => parseFloat(c.getAttribute('data-score'))))");
        for (List<Object> scores : orders) {
            for (int i = 1; i < scores.size(); i++) {
                assertTrue(((Number) scores.get(i - 1)).doubleValue() <= ((Number) scores.get(i)).doubleValue(), "worst first: " + scores);
            }
        }
        page.locator("#order").selectOption("sample");
        page.locator("#show-boxes").check();

        Path kept = Path.of("target", "gallery");
        Files.createDirectories(kept);
        page.screenshot(new Page.ScreenshotOptions().setPath(kept.resolve("inspect-gallery.png")).setFullPage(true));
        Files.copy(html, kept.resolve("inspect-gallery.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(kept.resolve("inspect-gallery.png")) > 10_000);

        assertFalse(requests.isEmpty());
        assertEquals(List.of(page.url()), requests.stream().distinct().toList(), "no request but the page itself");
        assertTrue(console.stream().noneMatch(m -> m.startsWith("error") || m.startsWith("pageerror")), console.toString());
        page.close();
    }

    @Test
    void worstByScorePicksTheLowestScoresAndKindNarrows() throws Exception {
        Inspection worst = Inspection.of(fixtures, new Inspection.Options(2, 0, "documents", true, 1000));
        assertEquals(1, worst.runs().size());
        Inspection.Run run = worst.runs().get(0);
        assertEquals("document-page", run.kind());
        List<Double> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(fixtures.resolve("documents").resolve("shards"))) {
            for (Path tar : s.filter(p -> p.toString().endsWith(".tar")).toList()) {
                for (ShardReader.TarSample t : ShardReader.read(tar)) {
                    all.add(Json.MAPPER.readTree(t.members().get("json")).at("/check/scores/score").asDouble());
                }
            }
        }
        all.sort(null);
        assertEquals(all.subList(0, 2), run.shown().stream().map(Inspection.Shown::score).toList());
        assertEquals(run.rejectsTotal(), run.rejects().size());
        // Another seed picks another sample, the same seed the same one
        Inspection a = Inspection.of(fixtures, new Inspection.Options(3, 1, "document-page", false, 1000));
        Inspection b = Inspection.of(fixtures, new Inspection.Options(3, 1, "document-page", false, 1000));
        Inspection c = Inspection.of(fixtures, new Inspection.Options(3, 2, "document-page", false, 1000));
        List<String> ka = a.runs().get(0).shown().stream().map(Inspection.Shown::key).toList();
        assertEquals(ka, b.runs().get(0).shown().stream().map(Inspection.Shown::key).toList());
        assertFalse(ka.equals(c.runs().get(0).shown().stream().map(Inspection.Shown::key).toList()), "seed 2 picks others");
    }
}

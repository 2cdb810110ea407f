package org.pairforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.browser.Chromium;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardReader;
import org.pairforge.template.TemplateContent;
import org.pairforge.template.WebTemplates;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every web template, two seeds (English, Chinese), both CSS modes, at a desktop, a tablet and a phone
 * viewport: what the image shows, the words and element boxes, the code that reproduces the image alone.
 */
class WebTemplatesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VIEWPORTS = "1280x800,768x1024,390x844";

    @TempDir
    static Path tmp;

    /** Run per (seed, css): samples by source file name and viewport. */
    static final Map<String, List<ShardReader.TarSample>> RUNS = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        TemplateContent content = TemplateContent.load(Path.of("templates/content/sherlock-holmes.json"));
        for (long seed : new long[]{1, 2}) {
            for (String css : WebTemplates.CSS) {
                Path pages = tmp.resolve("pages-" + seed + "-" + css);
                for (String template : WebTemplates.NAMES) {
                    new WebTemplates(Path.of("templates"), template, css).generate(content, 1, seed, pages, seed == 1 ? "en" : "zh");
                }
                Path out = tmp.resolve("out-" + seed + "-" + css);
                assertEquals(0, Main.execute("web", pages.toString(), "--viewport", VIEWPORTS, "-o", out.toString(), "--no-progress"));
                List<ShardReader.TarSample> samples = TestData.samples(out);
                assertEquals(WebTemplates.NAMES.size() * 3, samples.size(), "every template at three viewports");
                RUNS.put(seed + "-" + css, samples);
            }
        }
    }

    static JsonNode meta(ShardReader.TarSample s) throws Exception {
        return MAPPER.readTree(s.members().get("json"));
    }

    @Test
    void everyTemplateShowsTheWholePageAndItsTextIsWhatTheImageShows() throws Exception {
        Set<String> layouts = new TreeSet<>();
        Set<String> palettes = new TreeSet<>();
        int compared = 0;
        int inside = 0;
        for (Map.Entry<String, List<ShardReader.TarSample>> run : RUNS.entrySet()) {
            for (ShardReader.TarSample s : run.getValue()) {
                JsonNode m = meta(s);
                String where = run.getKey() + " " + m.get("template").asText() + " " + m.get("viewport").asText();
                layouts.add(m.get("template").asText() + "/" + m.get("style").get("layout").asText());
                palettes.add(m.get("style").get("palette").asText());
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.members().get("png")));
                int w = img.getWidth();
                int h = img.getHeight();
                String[] vp = m.get("viewport").asText().split("x");
                assertEquals(Integer.parseInt(vp[0]), w, where);
                // The whole page: as tall as the page (at least the viewport), nothing cut, so nothing cropped.
                assertEquals(Math.max(m.get("page_height").asInt(), Integer.parseInt(vp[1])), h, where);
                assertFalse(m.has("truncated_at"), where);
                assertFalse(m.get("crops_page").asBoolean(), where + " shows the whole page");
                assertTrue(colours(img) > 8, where + " is not blank");

                // KEY.txt is the words inside the image, no more: the same characters as the word boxes, in order.
                StringBuilder fromWords = new StringBuilder();
                for (JsonNode word : m.get("words")) {
                    assertTrue(word.get("x0").asInt() >= 0 && word.get("y0").asInt() >= 0 && word.get("x1").asInt() <= w
                            && word.get("y1").asInt() <= h, where + ": a word outside the image " + word);
                    fromWords.append(word.get("text").asText());
                }
                String text = new String(s.members().get("txt"), StandardCharsets.UTF_8);
                assertEquals(fromWords.toString(), text.replaceAll("\\s", ""), where);
                assertTrue(m.get("words").size() >= 10, where + " has words");

                checkElementTree(m, w, h, where);
                checkMarkdown(s, m, text, where);
                if (vp[0].equals("1280") && run.getKey().startsWith("1-")) {
                    int[] check = TextBoxCheck.ocrWordsInBoxes(s.members().get("png"), m.get("words"));
                    compared += check[0];
                    inside += check[1];
                }
            }
        }
        assertTrue(layouts.size() >= 16, "the runs' pages have various layouts: " + layouts);
        assertTrue(palettes.size() >= 4, "palettes vary: " + palettes);
        // None left out that the image shows: what Tesseract reads lies in a word box.
        assertTrue(compared >= 300, "enough OCR words: " + compared);
        assertTrue(inside >= 0.97 * compared, inside + " of " + compared + " OCR words inside a word box");
    }

    /**
     * The screenshot's Markdown, as every page kind writes it: every word of KEY.txt is in KEY.md, the blocks
     * hold every word, and each template's own structure comes out (headings, list items, tables, code).
     */
    private static void checkMarkdown(ShardReader.TarSample s, JsonNode m, String text, String where) {
        assertEquals("ok", m.get("markdown").get("status").asText(), where);
        String md = new String(s.members().get("md"), StandardCharsets.UTF_8);
        Map<String, Integer> inMd = new HashMap<>();
        for (String t : tokens(md)) {
            inMd.merge(t, 1, Integer::sum);
        }
        int words = 0;
        int found = 0;
        for (String t : tokens(text)) {
            {
                words++;
                Integer n = inMd.get(t);
                if (n != null && n > 0) {
                    inMd.put(t, n - 1);
                    found++;
                }
            }
        }
        assertTrue(found >= 0.99 * words, where + ": " + found + " of " + words + " words of KEY.txt in KEY.md");
        for (JsonNode word : m.get("words")) {
            boolean inBlock = false;
            for (JsonNode b : m.get("blocks")) {
                if (!b.get("type").asText().equals("figure") && b.get("x0").asInt() <= word.get("x0").asInt()
                        && b.get("y0").asInt() <= word.get("y0").asInt() && b.get("x1").asInt() >= word.get("x1").asInt()
                        && b.get("y1").asInt() >= word.get("y1").asInt()) {
                    inBlock = true;
                    break;
                }
            }
            assertTrue(inBlock, where + ": a word in no block " + word);
        }
        String template = m.get("template").asText();
        boolean desktop = m.get("viewport").asText().startsWith("1280");
        if (template.equals("table") || template.equals("dashboard") && desktop) {
            assertTrue(md.contains("<table>") && md.contains("<th>"), where + ": a table\n" + md);
        }
        if (template.equals("pricing")) {
            assertTrue(md.contains("\n* ") && md.contains("\n## "), where + ": tiers as headings, perks as list items\n" + md);
        }
        if (template.equals("docs")) {
            assertTrue(md.contains("\n```\n") && md.contains("\n# "), where + ": a heading and fenced code\n" + md);
        }
        if (template.equals("landing")) {
            assertTrue(md.contains("\n# ") && !md.contains("data:"), where + ": the headline, no drawn picture's URL\n" + md);
            assertEquals("figure", m.get("blocks").get(0).get("type").asText(), where + ": the logo is a block of its own");
        }
    }

    /** Runs of letters and digits; a Han character alone (Chinese has no spaces to cut words at). */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\p{IsHan}|[\\p{L}\\p{N}&&[^\\p{IsHan}]]+").matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** A tree by parent; boxes inside the image; every word inside the box of the element whose text holds it. */
    private static void checkElementTree(JsonNode m, int w, int h, String where) {
        JsonNode elements = m.get("elements");
        assertTrue(elements.size() >= 10, where);
        assertEquals("html", elements.get(0).get("tag").asText(), where);
        assertTrue(elements.get(0).get("parent").isNull(), where);
        Set<String> tags = new HashSet<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode e = elements.get(i);
            tags.add(e.get("tag").asText());
            if (i > 0) {
                int p = e.get("parent").asInt(-1);
                assertTrue(p >= 0 && p < i, where + ": element " + i + " has parent " + e.get("parent"));
            }
            assertTrue(e.get("x0").asInt() >= 0 && e.get("y0").asInt() >= 0 && e.get("x1").asInt() <= w && e.get("y1").asInt() <= h
                    && e.get("x0").asInt() < e.get("x1").asInt() && e.get("y0").asInt() < e.get("y1").asInt(), where + ": " + e);
            assertTrue(e.has("role"), where);
        }
        assertTrue(tags.contains("body") && tags.contains("img"), where + ": " + tags);
        for (JsonNode e : elements) {
            if (e.get("tag").asText().equals("img")) {
                assertTrue(e.has("alt") && e.get("role").asText().equals("img"), where + ": an image with its alt " + e);
            }
        }
        for (JsonNode word : m.get("words")) {
            boolean found = false;
            for (JsonNode e : elements) {
                if (e.has("text") && e.get("text").asText().contains(word.get("text").asText())
                        && e.get("x0").asInt() <= word.get("x0").asInt() + 1 && e.get("y0").asInt() <= word.get("y0").asInt() + 1
                        && e.get("x1").asInt() >= word.get("x1").asInt() - 1 && e.get("y1").asInt() >= word.get("y1").asInt() - 1) {
                    found = true;
                    break;
                }
            }
            assertTrue(found, where + ": no element holds the word " + word);
        }
    }

    @Test
    void seedsDrawOtherPagesAndTheSameSeedTheSameOnes() throws Exception {
        TemplateContent content = TemplateContent.load(Path.of("templates/content/sherlock-holmes.json"));
        for (String template : WebTemplates.NAMES) {
            Path a = tmp.resolve("again-" + template);
            Path one = new WebTemplates(Path.of("templates"), template, "tailwind").generate(content, 1, 1, a, "en").get(0);
            Path first = tmp.resolve("pages-1-tailwind").resolve(one.getFileName());
            assertEquals(Files.readString(first), Files.readString(one), template + ": the same seed, the same page");
            Path other = new WebTemplates(Path.of("templates"), template, "tailwind").generate(content, 1, 3, a, "en").get(0);
            assertNotEquals(org.jsoup.Jsoup.parse(Files.readString(first)).body().text(),
                    org.jsoup.Jsoup.parse(Files.readString(other)).body().text(), template + ": another seed, other content");
        }
        // Over ten seeds, every layout variant of every template is drawn.
        JsonNode variants = MAPPER.readTree(Path.of("templates/web/style.json").toFile()).get("layouts");
        for (String template : WebTemplates.NAMES) {
            Set<String> drawn = new TreeSet<>();
            for (Path page : new WebTemplates(Path.of("templates"), template, "plain").generate(content, 10, 7, tmp.resolve("ten-" + template), "en")) {
                String style = org.jsoup.Jsoup.parse(Files.readString(page)).selectFirst("meta[name=pairforge:style]").attr("content");
                drawn.add(MAPPER.readTree(style).get("layout").asText());
            }
            Set<String> all = new TreeSet<>();
            variants.get(template).forEach(v -> all.add(v.asText()));
            assertTrue(all.size() >= 2, template + " has layout variants");
            assertEquals(all, drawn, template + ": ten pages draw every layout");
        }
        // Chinese pages write Chinese.
        for (ShardReader.TarSample s : RUNS.get("2-tailwind")) {
            String text = new String(s.members().get("txt"), StandardCharsets.UTF_8);
            long han = text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
            assertTrue(han >= 10, meta(s).get("template") + " in Chinese: " + text.substring(0, Math.min(80, text.length())));
        }
    }

    private static final Pattern CLASS_SELECTOR = Pattern.compile("\\.((?:\\\\.|[A-Za-z0-9_-])+)");

    @Test
    void pagesHoldNoExternalReferenceAndEveryClassHasItsRule() throws Exception {
        for (String run : List.of("1-tailwind", "2-plain")) {
            for (ShardReader.TarSample s : RUNS.get(run)) {
                String html = new String(s.members().get("html"), StandardCharsets.UTF_8);
                org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html);
                String where = run + " " + meta(s).get("template").asText();
                for (org.jsoup.nodes.Element e : doc.select("[src],[href]")) {
                    String ref = e.hasAttr("src") ? e.attr("src") : e.attr("href");
                    assertTrue(ref.startsWith("data:image/svg+xml,") || ref.equals("#"), where + ": " + ref);
                }
                assertTrue(doc.select("link, script, iframe").isEmpty(), where);
                String css = String.join("\n", doc.select("style").stream().map(org.jsoup.nodes.Element::data).toList());
                assertFalse(css.contains("@import") || css.matches("(?s).*url\\((?!['\"]?data:).*"), where + ": the CSS fetches nothing");
                Set<String> rules = new HashSet<>();
                Matcher sel = CLASS_SELECTOR.matcher(css);
                while (sel.find()) {
                    rules.add(sel.group(1).replaceAll("\\\\(.)", "$1"));
                }
                Set<String> missing = new TreeSet<>();
                for (org.jsoup.nodes.Element e : doc.select("[class]")) {
                    for (String c : e.classNames()) {
                        if (!rules.contains(c)) {
                            missing.add(c);
                        }
                    }
                }
                assertEquals(Set.of(), missing, where + ": classes without a rule");
                assertTrue(css.contains("tailwindcss v4"), where + ": compiled by Tailwind");
                if (run.endsWith("tailwind")) {
                    assertTrue(doc.select("[class~=(^|\\s)(flex|grid)(\\s|$)]").size() >= 2, where + ": utility classes");
                } else {
                    assertTrue(doc.select("[class~=(^|\\s)(flex|grid|hidden|rounded-lg)(\\s|$)]").isEmpty(), where + ": role names, not utilities");
                }
            }
        }
    }

    /**
     * KEY.html opened alone: written to an empty folder, opened from the file in a Chromium of its own with no
     * network, at the sample's viewport, shot whole; it must draw KEY.png within 0.5% of pixels.
     */
    @Test
    void theCodeAloneReproducesTheImage() throws Exception {
        try (Playwright pw = Playwright.create(); Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Chromium.EXECUTABLE).setArgs(List.of("--no-sandbox")))) {
            int pages = 0;
            for (String run : List.of("1-tailwind", "1-plain", "2-tailwind", "2-plain")) {
                for (ShardReader.TarSample s : RUNS.get(run)) {
                    JsonNode m = meta(s);
                    String[] vp = m.get("viewport").asText().split("x");
                    if (!(run.startsWith("1") ? vp[0].equals("1280") || vp[0].equals("390") : vp[0].equals("768"))) {
                        continue;
                    }
                    Path alone = Files.createTempDirectory(tmp, "alone");
                    Path file = alone.resolve("KEY.html");
                    Files.write(file, s.members().get("html"));
                    BufferedImage expected = ImageIO.read(new ByteArrayInputStream(s.members().get("png")));
                    BufferedImage actual;
                    try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setOffline(true)
                            .setViewportSize(Integer.parseInt(vp[0]), Integer.parseInt(vp[1])).setDeviceScaleFactor(1))) {
                        Page page = context.newPage();
                        page.navigate(file.toUri().toString());
                        page.evaluate("document.fonts.ready");
                        actual = ImageIO.read(new ByteArrayInputStream(page.screenshot(new Page.ScreenshotOptions().setFullPage(true))));
                    }
                    String where = run + " " + m.get("template").asText() + " " + m.get("viewport").asText();
                    assertEquals(expected.getWidth() + "x" + expected.getHeight(), actual.getWidth() + "x" + actual.getHeight(), where);
                    long differ = 0;
                    for (int y = 0; y < expected.getHeight(); y++) {
                        for (int x = 0; x < expected.getWidth(); x++) {
                            if (far(expected.getRGB(x, y), actual.getRGB(x, y))) {
                                differ++;
                            }
                        }
                    }
                    double share = differ / (double) (expected.getWidth() * expected.getHeight());
                    assertTrue(share <= 0.005, where + ": " + String.format("%.3f%%", share * 100) + " of pixels differ");
                    pages++;
                }
            }
            assertTrue(pages >= 60, "pages compared: " + pages);
        }
    }

    /** Beyond what PNG encodings and text antialiasing of one browser move a channel. */
    private static boolean far(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 16) {
                return true;
            }
        }
        return false;
    }

    @Test
    void withoutContentTheBundledPublicDomainTextIsUsed() throws Exception {
        Path out = tmp.resolve("bundled");
        assertEquals(0, Main.execute("web", "--template", "blog", "--count", "1", "--seed", "5", "--viewport", "1024x768",
                "-o", out.toString(), "--no-progress"));
        JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("settings").get("content").asText().endsWith("templates/content/sherlock-holmes.json"),
                summary.get("settings").toString());
        assertEquals("tailwind", summary.get("settings").get("css").asText());
        List<ShardReader.TarSample> samples = TestData.samples(out);
        assertEquals(1, samples.size());
        String html = new String(samples.get(0).members().get("html"), StandardCharsets.UTF_8);
        String bundled = Files.readString(Path.of("templates/content/sherlock-holmes.json"));
        long fromBook = java.util.Arrays.stream(org.jsoup.Jsoup.parse(html).body().text().split("\\s+"))
                .filter(w -> w.length() > 6 && bundled.contains(w)).count();
        assertTrue(fromBook >= 10, "the post's words come from the bundled book: " + fromBook);
        assertNotNull(meta(samples.get(0)).get("elements"));
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                seen.add(img.getRGB(x, y) & 0xf0f0f0);
            }
        }
        return seen.size();
    }
}

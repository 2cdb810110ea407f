package org.pairforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.LoopbackListener;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `pairforge web`: a page with its own CSS at two viewports, checked by OCR, and hostile pages contained. */
class WebCommandIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A page built from the corpus e-book's opening paragraphs, styled by a stylesheet of its folder. */
    private Path realPage() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site/css"));
        Files.writeString(site.resolve("site.css"), "body { font-family: 'DejaVu Sans'; margin: 32px; background: #fbfaf7; }\n"
                + "h1 { font-size: 34px; color: #1d2b4f; } .lead > p { font-size: 19px; line-height: 1.5; color: #222; }\n");
        var chapter = org.pairforge.document.EpubBook.text(TestData.corpus("ebooks/sherlock-holmes/src")
                .resolve("epub/text/a-scandal-in-bohemia.xhtml"));
        StringBuilder body = new StringBuilder();
        for (String p : chapter.paragraphs().subList(0, 3)) {
            body.append("<p>").append(p.replace("&", "&amp;").replace("<", "&lt;")).append("</p>");
        }
        BufferedImage dot = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = dot.createGraphics();
        g.setColor(new java.awt.Color(0xd0, 0x20, 0x20));
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        ImageIO.write(dot, "png", Files.createDirectories(tmp.resolve("site/img")).resolve("dot.png").toFile());
        return Files.writeString(tmp.resolve("site/index.html"), "<!doctype html><html><head><title>Story</title>"
                + "<link rel=\"stylesheet\" href=\"css/site.css\"></head><body><h1>" + chapter.heading() + "</h1>"
                + "<div class=\"lead\">" + body + "</div>"
                + "<p>The barque <i>Sophy Anderson</i>, “<i>quoted</i>” and (<b>bold</b>) here.</p>"
                + "<p><button>Save</button><button>Cancel</button></p>"
                + "<img src=\"img/dot.png\" alt=\"\" style=\"position:absolute;right:0;top:0;width:40px;height:40px\"></body></html>");
    }

    @Test
    void aPageBecomesOnePairPerViewportWhoseTextBoxesLandOnText() throws Exception {
        Path page = realPage();
        Path out = tmp.resolve("out");
        assertEquals(0, Main.execute("web", page.toString(), "-o", out.toString(), "--viewport", "1280x800,390x844", "--no-progress"));
        List<ShardReader.TarSample> samples = TestData.samples(out);
        assertEquals(2, samples.size());
        for (ShardReader.TarSample s : samples) {
            JsonNode meta = MAPPER.readTree(s.members().get("json"));
            String viewport = meta.get("viewport").asText();
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.members().get("png")));
            // The whole page by default: as tall as the page, at least the viewport.
            int[] vp = java.util.Arrays.stream(viewport.split("x")).mapToInt(Integer::parseInt).toArray();
            assertEquals(vp[0] + "x" + Math.max(vp[1], meta.get("page_height").asInt()), img.getWidth() + "x" + img.getHeight());
            assertFalse(meta.get("crops_page").asBoolean(), viewport);
            // The folder's own stylesheet and image were loaded (relative URLs resolve inside the site).
            assertEquals(0xfbfaf7, img.getRGB(2, img.getHeight() - 2) & 0xffffff, viewport + ": the stylesheet's background");
            assertEquals(0xd02020, img.getRGB(img.getWidth() - 20, 20) & 0xffffff, viewport + ": the folder's image");
            String html = new String(s.members().get("html"), StandardCharsets.UTF_8);
            assertTrue(html.contains("color: #1d2b4f") && !html.contains("<link"), "the stylesheet is inlined: " + html);
            assertTrue(new String(s.members().get("txt"), StandardCharsets.UTF_8).contains("To Sherlock Holmes"));
            // Words printed against each other (text nodes of their own) keep no space in the Markdown, and punctuation
            // outside <i> and <b> stays outside the runs; buttons side by side (boxes of their own) are not glued.
            String md = new String(s.members().get("md"), StandardCharsets.UTF_8);
            assertTrue(md.contains("The barque _Sophy Anderson_, “_quoted_” and (**bold**) here."), viewport + ":\n" + md);
            assertTrue(md.contains("Save") && md.contains("Cancel") && !md.contains("SaveCancel"), viewport + ":\n" + md);
            JsonNode boxes = meta.get("text_boxes");
            assertTrue(boxes.size() >= 3, viewport + ": " + boxes);
            // Every confident OCR word's centre lies in some text box.
            int[] check = TextBoxCheck.ocrWordsInBoxes(s.members().get("png"), boxes);
            int compared = check[0];
            int inside = check[1];
            assertTrue(compared >= 30, viewport + ": enough words to judge: " + compared);
            assertTrue(inside >= 0.95 * compared, viewport + ": " + inside + " of " + compared + " OCR words inside a text box");
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hostilePagesAreContainedAndTheRunGoesOn() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("hostile"));
        Files.writeString(tmp.resolve("secret.html"), "<p>TOPSECRET-42</p>");
        try (LoopbackListener listener = new LoopbackListener()) {
            String url = listener.url();
            Files.writeString(dir.resolve("a-loop.html"), "<html><body><p>Spinning</p><script>while (true) {}</script></body></html>");
            // Spins only once loaded: no load timeout catches it; the evaluate and the screenshot would wait for ever.
            Files.writeString(dir.resolve("a2-late-loop.html"), "<html><body><p>Late spinner</p><script>"
                    + "addEventListener('load', () => setTimeout(() => { while (true) {} }, 0));</script></body></html>");
            // Scripts share the page's globals with the boxes script: a page can make it return garbage.
            Files.writeString(dir.resolve("a3-liar.html"), "<html><body><p>Liar</p><script>JSON.stringify = () => '{]';</script></body></html>");
            Files.writeString(dir.resolve("b-network.html"), "<html><head><link rel=\"prefetch\" href=\"" + url + "/p\">"
                    + "<link rel=\"stylesheet\" href=\"" + url + "/s.css\"></head><body><p>Network page</p>"
                    + "<img src=\"" + url + "/i.png\"><script>navigator.sendBeacon('" + url + "/b', 'x');"
                    + "try { new WebSocket('" + url.replace("http:", "ws:") + "/w'); } catch (e) {} fetch('" + url + "/f').catch(() => {});"
                    + "</script></body></html>");
            Files.writeString(dir.resolve("c-files.html"), "<html><body><p>Files page</p>"
                    + "<iframe src=\"file:///etc/passwd\"></iframe><iframe src=\"../secret.html\"></iframe>"
                    + "<img src=\"file:///etc/passwd\"></body></html>");
            Files.writeString(dir.resolve("d-fine.html"), "<html><body><h1>After them, a fine page</h1></body></html>");
            Path out = tmp.resolve("out");
            assertEquals(0, Main.execute("web", dir.toString(), "-o", out.toString(), "--viewport", "800x600",
                    "--javascript", "--page-timeout", "3s", "--workers", "1", "--no-progress"));
            Thread.sleep(500);
            assertEquals(0, listener.connections(), "no connection left the browser");
        }
        Map<String, String> text = new HashMap<>();
        for (ShardReader.TarSample s : TestData.samples(out(tmp))) {
            text.put(sourceName(s), member(s, "txt"));
        }
        assertFalse(text.containsKey("a-loop.html"), "the endless script is no sample");
        assertFalse(text.containsKey("a2-late-loop.html"), "nor the script that spins after the load");
        assertFalse(text.containsKey("a3-liar.html"), "nor the page that broke the boxes script");
        assertTrue(Files.readString(out(tmp).resolve("rejects.jsonl")).contains("\"unreadable_text_boxes\""));
        List<String> timeouts = Files.readAllLines(out(tmp).resolve("rejects.jsonl")).stream()
                .filter(r -> r.contains("\"page_timeout\"")).toList();
        assertEquals(2, timeouts.size(), timeouts.toString());
        assertTrue(timeouts.stream().anyMatch(r -> r.contains("a2-late-loop.html") && r.contains("killed and replaced")), timeouts.toString());
        assertTrue(Files.readString(out(tmp).resolve("rejects.jsonl")).contains("\"page_timeout\""));
        assertTrue(text.get("b-network.html").contains("Network page"));
        assertTrue(text.get("c-files.html").contains("Files page"));
        assertFalse(String.join("\n", text.values()).contains("TOPSECRET") || String.join("\n", text.values()).contains("root:x"));
        assertTrue(text.get("d-fine.html").contains("After them, a fine page"), "the browser was replaced and the run went on");
    }

    @Test
    void aPageThatRefreshesItselfIsShotAsItIsAndLeavesNothingForTheNext() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("refresh"));
        Files.writeString(dir.resolve("z-elsewhere.html"), "<html><body><p>ELSEWHERE</p></body></html>");
        Files.writeString(dir.resolve("a-now.html"), "<html><head><meta http-equiv=\"refresh\" content=\"0;url=z-elsewhere.html\">"
                + "</head><body><p>Refreshing now</p></body></html>");
        // No script needed: the refresh fires a second later, while the same reused page shows later inputs.
        Files.writeString(dir.resolve("b-later.html"), "<html><head><meta http-equiv=\"Refresh\" content=\"1; url=z-elsewhere.html\">"
                + "</head><body><p>Refreshing later</p></body></html>");
        for (int i = 0; i < 12; i++) {
            Files.writeString(dir.resolve("c-plain-" + i + ".html"), "<html><body><p>Plain page " + i + "</p></body></html>");
        }
        Path out = tmp.resolve("refresh-out");
        assertEquals(0, Main.execute("web", dir.toString(), "-o", out.toString(), "--viewport", "400x300,300x400",
                "--workers", "1", "--no-progress"));
        int checked = 0;
        for (ShardReader.TarSample s : TestData.samples(out)) {
            String name = sourceName(s);
            String text = member(s, "txt");
            if (!name.startsWith("z-")) {
                assertFalse(text.contains("ELSEWHERE"), name + " at " + MAPPER.readTree(s.members().get("json")).get("viewport")
                        + " shows another page: " + text);
                checked++;
            }
        }
        assertEquals(28, checked, "every page at both viewports");
    }

    @Test
    void filesInOtherEncodingsAreReadAsTheyDeclare() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("encodings"));
        Files.write(dir.resolve("gbk.html"), "<html><head><meta charset=\"gbk\"><title>t</title></head><body><p>子曰：学而时习之</p></body></html>"
                .getBytes(java.nio.charset.Charset.forName("GBK")));
        Files.write(dir.resolve("latin.html"), ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
                + "</head><body><p>Un café à Zürich</p></body></html>").getBytes(java.nio.charset.Charset.forName("windows-1252")));
        Path out = tmp.resolve("encodings-out");
        assertEquals(0, Main.execute("web", dir.toString(), "-o", out.toString(), "--viewport", "400x300", "--no-progress"));
        Map<String, ShardReader.TarSample> byName = new HashMap<>();
        for (ShardReader.TarSample s : TestData.samples(out)) {
            byName.put(sourceName(s), s);
        }
        String gbkText = member(byName.get("gbk.html"), "txt");
        String gbkHtml = member(byName.get("gbk.html"), "html");
        assertTrue(gbkText.contains("子曰：学而时习之"), gbkText);
        assertTrue(gbkHtml.contains("学而时习之") && gbkHtml.contains("charset=\"UTF-8\""), "KEY.html is UTF-8 and says so: " + gbkHtml);
        String latinText = member(byName.get("latin.html"), "txt");
        String latinHtml = member(byName.get("latin.html"), "html");
        assertTrue(latinText.contains("Un café à Zürich"), latinText);
        assertTrue(latinHtml.contains("charset=UTF-8") && !latinHtml.contains("windows-1252"), latinHtml);
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPageThatCrashesItsRendererIsARejectionAndTheNextPageRenders() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("crash"));
        // Allocates until V8 gives up: the renderer process dies (Chromium's "Aw, Snap!"), a real crash.
        Files.writeString(dir.resolve("a-greedy.html"), "<html><body><p>Greedy</p><script>const a = [];"
                + " while (true) { a.push(new Array(1e6).fill(1.5)); }</script></body></html>");
        Files.writeString(dir.resolve("b-after.html"), "<html><body><p>After the crash</p></body></html>");
        Path out = tmp.resolve("crash-out");
        assertEquals(0, Main.execute("web", dir.toString(), "-o", out.toString(), "--viewport", "400x300",
                "--javascript", "--page-timeout", "60s", "--workers", "1", "--no-progress"));
        String rejects = Files.readString(out.resolve("rejects.jsonl"));
        assertTrue(rejects.contains("a-greedy.html") && rejects.contains("\"page_crashed\"")
                && rejects.contains("Page crashed"), rejects);
        List<ShardReader.TarSample> samples = TestData.samples(out);
        assertEquals(1, samples.size());
        assertTrue(new String(samples.get(0).members().get("txt"), StandardCharsets.UTF_8).contains("After the crash"));
    }

    @Test
    void oddFileNamesAreServedWithAndWithoutScripts() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("odd names"));
        Files.writeString(dir.resolve("a~b (1) ü#x.html"), "<html><body><p>Odd name page</p><img src=\"d%20ot.png\"></body></html>");
        for (boolean scripts : new boolean[]{true, false}) {
            Path out = tmp.resolve("odd-out-" + scripts);
            List<String> args = new ArrayList<>(List.of("web", dir.toString(), "-o", out.toString(), "--viewport", "400x300", "--no-progress"));
            if (scripts) {
                args.add("--javascript");
            }
            assertEquals(0, Main.execute(args.toArray(String[]::new)));
            List<ShardReader.TarSample> samples = TestData.samples(out);
            assertEquals(1, samples.size(), scripts + ": " + Files.readString(out.resolve("rejects.jsonl")));
            assertTrue(new String(samples.get(0).members().get("txt"), StandardCharsets.UTF_8).contains("Odd name page"));
        }
    }

    @Test
    void withScriptsOnAPageLeavesNothingForTheNext() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("storage"));
        Files.writeString(dir.resolve("a.html"), "<html><body><p>Writer</p><script>localStorage.setItem('k', 'LEFTOVER');"
                + "document.cookie = 'c=CRUMB';</script></body></html>");
        Files.writeString(dir.resolve("b.html"), "<html><body><p id=\"r\">Reader</p><script>document.getElementById('r')"
                + ".textContent = 'Reader saw ' + localStorage.getItem('k') + ' ' + document.cookie;</script></body></html>");
        Path out = tmp.resolve("storage-out");
        assertEquals(0, Main.execute("web", dir.toString(), "-o", out.toString(), "--viewport", "400x300",
                "--javascript", "--workers", "1", "--no-progress"));
        String reader = "";
        for (ShardReader.TarSample s : TestData.samples(out)) {
            String text = new String(s.members().get("txt"), StandardCharsets.UTF_8);
            if (text.contains("Reader")) {
                reader = text;
            }
        }
        assertTrue(reader.contains("Reader saw null"), "the script ran, and found nothing of the page before: " + reader);
        assertFalse(reader.contains("LEFTOVER") || reader.contains("CRUMB"), reader);
    }

    @Test
    void pagesOfASiteUseItsSharedFolders() throws Exception {
        // Sphinx, MkDocs and Javadoc sites keep pages in folders that share ../_static: a page's files were
        // served from its own folder only, so those pages were shot (and their HTML kept) without their CSS.
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.createDirectories(site.resolve("_static"));
        Files.writeString(site.resolve("_static/theme.css"), "body { background: #00a000 } .gone { display: none }");
        Path page = Files.writeString(Files.createDirectories(site.resolve("tutorial")).resolve("page.html"),
                "<html><head><link rel=\"stylesheet\" href=\"../_static/theme.css?v=3\"></head><body>"
                + "<p class=\"gone\">Hidden by the site's sheet</p><p>Shown</p></body></html>");
        Path out = tmp.resolve("site-out");
        assertEquals(0, Main.execute("web", site.toString(), "-o", out.toString(), "--viewport", "400x300", "--no-progress"));
        ShardReader.TarSample shot = TestData.samples(out).get(0);
        assertFalse(member(shot, "txt").contains("Hidden by the site's sheet"), member(shot, "txt"));
        assertTrue(member(shot, "html").contains("background: #00a000"), "KEY.html inlines the shared sheet");
        assertFalse(MAPPER.readTree(shot.members().get("json")).has("refused_fetches"), member(shot, "json"));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(shot.members().get("png")));
        assertEquals(0x00a000, image.getRGB(390, 290) & 0xffffff, "the shared sheet styles the screenshot");
        // Named alone, a page is its own folder's: the site's other folders stay out of reach.
        Path alone = tmp.resolve("alone-out");
        assertEquals(0, Main.execute("web", page.toString(), "-o", alone.toString(), "--viewport", "400x300", "--no-progress"));
        ShardReader.TarSample unstyled = TestData.samples(alone).get(0);
        assertTrue(member(unstyled, "txt").contains("Hidden by the site's sheet"));
        assertEquals(1, MAPPER.readTree(unstyled.members().get("json")).get("refused_fetches").asInt());
    }

    @Test
    void aVendoredCdnStylesheetStylesThePageAndNothingElseIsFetched() throws Exception {
        // WebSight's rows link Tailwind from a CDN: offline, they were shot unstyled. --vendor serves a local copy.
        String cdn = "https://cdn.jsdelivr.net/npm/tailwindcss@2.2.19/dist/tailwind.min.css";
        Path dir = Files.createDirectories(tmp.resolve("cdn"));
        Files.writeString(dir.resolve("page.html"), "<html><head><link href=\"" + cdn + "\" rel=\"stylesheet\">"
                + "<link href=\"https://cdn.example.com/other.css\" rel=\"stylesheet\"></head><body>"
                + "<p class=\"hidden\">Hidden by the vendored sheet</p><p>Always shown</p></body></html>");
        Path vendor = Files.writeString(tmp.resolve("tailwind.min.css"), ".hidden { display: none }");
        Path plain = tmp.resolve("cdn-plain");
        Path styled = tmp.resolve("cdn-styled");
        assertEquals(0, Main.execute("web", dir.toString(), "-o", plain.toString(), "--viewport", "400x300", "--no-progress"));
        assertEquals(0, Main.execute("web", dir.toString(), "-o", styled.toString(), "--viewport", "400x300",
                "--vendor", cdn + "=" + vendor, "--no-progress"));
        ShardReader.TarSample without = TestData.samples(plain).get(0);
        ShardReader.TarSample with = TestData.samples(styled).get(0);
        assertTrue(member(without, "txt").contains("Hidden by the vendored sheet"), "offline, the CDN sheet is missing");
        assertFalse(member(with, "txt").contains("Hidden by the vendored sheet"), member(with, "txt"));
        assertTrue(member(with, "txt").contains("Always shown"));
        assertTrue(member(with, "html").contains(cdn), "KEY.html keeps the page's own link");
        assertEquals(1, MAPPER.readTree(with.members().get("json")).get("refused_fetches").asInt(),
                "the unvendored CDN link is still refused: " + member(with, "json"));
        assertEquals(2, Main.execute("web", dir.toString(), "-o", tmp.resolve("bad").toString(), "--vendor", "ftp://x/a.css=" + vendor));
    }

    @Test
    void fullPageShotsCoverThePageUpToTheHeightCap() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tall"));
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            body.append("<p style=\"height: 40px; margin: 0\">Line number ").append(i).append("</p>");
        }
        Files.writeString(dir.resolve("tall.html"), "<html><body style=\"margin: 0\">" + body + "</body></html>");
        Path whole = tmp.resolve("whole");
        Path cut = tmp.resolve("cut");
        Path first = tmp.resolve("first-screen");
        assertEquals(0, Main.execute("web", dir.toString(), "-o", whole.toString(), "--viewport", "600x400", "--no-progress"));
        assertEquals(0, Main.execute("web", dir.toString(), "-o", cut.toString(), "--viewport", "600x400",
                "--max-height", "1000", "--format", "jpeg", "--no-progress"));
        assertEquals(0, Main.execute("web", dir.toString(), "-o", first.toString(), "--viewport", "600x400", "--viewport-only", "--no-progress"));
        assertEquals(2, Main.execute("web", dir.toString(), "-o", tmp.resolve("both").toString(), "--viewport-only", "--full-page"));
        JsonNode w = MAPPER.readTree(TestData.samples(whole).get(0).members().get("json"));
        assertEquals(2400, w.get("page_height").asInt());
        assertEquals(2400, w.get("height").asInt(), "the whole page");
        assertFalse(w.get("crops_page").asBoolean());
        assertFalse(w.has("truncated_at"));
        JsonNode wordsAtEnd = w.get("text_boxes").get(w.get("text_boxes").size() - 1);
        assertEquals("Line number 59", wordsAtEnd.get("text").asText());
        assertTrue(wordsAtEnd.get("y0").asInt() >= 2360, "boxes are in page coordinates: " + wordsAtEnd);
        ShardReader.TarSample c = TestData.samples(cut).get(0);
        JsonNode meta = MAPPER.readTree(c.members().get("json"));
        assertEquals(1000, meta.get("height").asInt());
        assertEquals(1000, meta.get("truncated_at").asInt());
        assertEquals("image/jpeg", meta.get("media_type").asText());
        assertTrue(c.members().containsKey("jpg"), c.members().keySet().toString());
        assertTrue(meta.get("crops_page").asBoolean(), "a cut page says so");
        for (JsonNode b : meta.get("text_boxes")) {
            assertTrue(b.get("y1").asInt() <= 1000, "no box below the cut: " + b);
        }
        // The text is what the image shows: the lines above the cut, all of them, and none below.
        String cutText = member(c, "txt");
        assertTrue(cutText.contains("Line number 24") && !cutText.contains("Line number 25"), cutText);
        ShardReader.TarSample f = TestData.samples(first).get(0);
        JsonNode fm = MAPPER.readTree(f.members().get("json"));
        assertEquals(400, fm.get("height").asInt());
        assertFalse(fm.get("full_page").asBoolean());
        assertTrue(fm.get("crops_page").asBoolean(), "the first screen of a taller page crops it");
        assertFalse(fm.has("truncated_at"));
        String firstText = member(f, "txt");
        assertTrue(firstText.contains("Line number 9") && !firstText.contains("Line number 10"), firstText);
        for (JsonNode e : fm.get("elements")) {
            assertTrue(e.get("y1").asInt() <= 400, "no element below the image: " + e);
        }
        assertEquals(12, fm.get("elements").size(), "html, body and the ten lines the image shows: " + fm.get("elements"));
    }

    /**
     * A page nested 5,000 deep (Chromium's parser stops nesting at 512 and puts the rest side by side) is measured
     * like any other: the element walk keeps its own stack.
     */
    @Test
    void deeplyNestedPagesAreMeasuredWhole() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("deep"));
        int depth = 5000;
        Files.writeString(dir.resolve("deep.html"), "<html><body style=\"margin:0\">" + "<div>".repeat(depth)
                + "deep text here" + "</div>".repeat(depth) + "<p>After the nesting</p></body></html>");
        Path out = tmp.resolve("deep-out");
        assertEquals(0, Main.execute("web", dir.toString(), "-o", out.toString(), "--viewport", "600x400", "--no-progress"));
        ShardReader.TarSample s = TestData.samples(out).get(0);
        JsonNode meta = MAPPER.readTree(s.members().get("json"));
        assertEquals("deep text here\nAfter the nesting", member(s, "txt"));
        JsonNode elements = meta.get("elements");
        assertTrue(elements.size() >= 512, "the nested divs: " + elements.size());
        int deepest = 0;
        for (int i = 1; i < elements.size(); i++) {
            int parent = elements.get(i).get("parent").asInt();
            assertTrue(parent >= 0 && parent < i, "element " + i + "'s parent " + parent);
            int d = 0;
            for (int p = i; !elements.get(p).get("parent").isNull(); p = elements.get(p).get("parent").asInt()) {
                d++;
            }
            deepest = Math.max(deepest, d);
        }
        assertTrue(deepest >= 500, "the tree is as deep as the parser made it: " + deepest);
        assertEquals("After the nesting", elements.get(elements.size() - 1).get("text").asText());
    }

    private static Path out(Path tmp) {
        return tmp.resolve("out");
    }

    /** The file name of the input a sample came from. */
    private static String sourceName(ShardReader.TarSample s) throws java.io.IOException {
        return Path.of(MAPPER.readTree(s.members().get("json")).get("source").asText()).getFileName().toString();
    }

    private static String member(ShardReader.TarSample s, String extension) {
        return new String(s.members().get(extension), StandardCharsets.UTF_8);
    }
}

package org.pairforge.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `pairforge documents` on the real e-book, its spine cut to two stories to keep the test short. */
class DocumentsCommandIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aBookBecomesOnePairPerPageInSpineOrder() throws Exception {
        checkTwoStories("flying-saucer");
    }

    @Test
    void theChromiumProfileRendersTheSameBookThroughChromium() throws Exception {
        checkTwoStories("chromium");
    }

    private void checkTwoStories(String profile) throws Exception {
        Path book = tmp.resolve("book-" + profile);
        Path src = TestData.corpus("ebooks/sherlock-holmes/src");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.toList()) {
                Path to = book.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Path opf = book.resolve("epub/content.opf");
        String pkg = Files.readString(opf);
        String cut = pkg.replaceAll("<itemref idref=\"(?!a-case-of-identity|the-redheaded-league)[^\"]*\"[^>]*/>", "");
        Files.writeString(opf, cut);

        Path out = tmp.resolve("out-" + profile);
        assertEquals(0, Main.execute("documents", book.toString(), "-o", out.toString(), "--no-progress",
                "--profile", profile));
        JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(1, summary.get("inputs_read").asInt());
        List<ShardReader.TarSample> samples = new ArrayList<>();
        ShardLayout layout = new ShardLayout(out);
        for (int shard : layout.finishedShards()) {
            samples.addAll(ShardReader.read(layout.tar(shard)));
        }
        assertEquals(summary.get("kept").asInt(), samples.size());
        assertTrue(samples.size() >= 10, "two stories are many pages: " + samples.size());

        Set<String> keys = new HashSet<>();
        List<String> chapters = new ArrayList<>();
        for (ShardReader.TarSample s : samples) {
            assertTrue(keys.add(s.key()) && !s.key().contains("."), s.key());
            assertEquals(Set.of("png", "txt", "json", "md"), s.members().keySet());
            JsonNode meta = MAPPER.readTree(s.members().get("json"));
            assertEquals("document-page", meta.get("kind").asText());
            assertEquals(profile, meta.get("engine").asText());
            String text = new String(s.members().get("txt"), StandardCharsets.UTF_8);
            long words = Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).count();
            assertEquals(words, meta.get("words").size(), s.key() + ": one box per word");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.members().get("png")));
            assertEquals(meta.get("width").asInt(), img.getWidth());
            String chapter = meta.get("chapter").asText();
            if (chapters.isEmpty() || !chapters.get(chapters.size() - 1).equals(chapter)) {
                chapters.add(chapter);
            }
        }
        assertEquals(List.of("epub/text/the-redheaded-league.xhtml", "epub/text/a-case-of-identity.xhtml"), chapters,
                "chapters come in spine order, not file-name order");
        StringBuilder story = new StringBuilder();
        for (ShardReader.TarSample s : samples) {
            story.append(new String(s.members().get("txt"), StandardCharsets.UTF_8)).append('\n');
        }
        assertTrue(story.indexOf("Jabez Wilson") >= 0 && story.indexOf("Hosmer") > story.indexOf("Jabez Wilson"),
                "both stories' text, in spine order");
        checkMarkdown(samples, "dom");
        assertFalse(Files.readString(out.resolve("rejects.jsonl")).contains("\"stage\":\"read\""));
    }

    /**
     * Each page's Markdown holds the page's words and no others (recall and precision ≥ 0.98, median), begins and
     * ends with the page's first and last words, and a paragraph the page break cuts is the two pages' halves.
     */
    private static void checkMarkdown(List<ShardReader.TarSample> samples, String structure) throws Exception {
        List<Double> recall = new ArrayList<>(), precision = new ArrayList<>();
        int crossings = 0;
        String previousLast = null;
        for (ShardReader.TarSample s : samples) {
            JsonNode meta = MAPPER.readTree(s.members().get("json"));
            assertEquals(structure, meta.get("structure").asText(), s.key());
            String md = new String(s.members().get("md"), StandardCharsets.UTF_8);
            String txt = new String(s.members().get("txt"), StandardCharsets.UTF_8);
            List<String> mdWords = PdfInputIT.tokens(PdfInputIT.stripMarkdown(md));
            List<String> pageWords = PdfInputIT.tokens(txt.replaceAll("(\\p{L})-\\s+(\\p{Ll})", "$1$2"));
            recall.add(PdfInputIT.overlap(pageWords, mdWords));
            precision.add(PdfInputIT.overlap(mdWords, pageWords));
            if (!mdWords.isEmpty()) {
                assertEquals(pageWords.get(0), mdWords.get(0), s.key() + ": first word");
                assertEquals(pageWords.get(pageWords.size() - 1), mdWords.get(mdWords.size() - 1), s.key() + ": last word");
            }
            for (JsonNode w : meta.get("words")) {
                int in = 0;
                for (JsonNode b : meta.get("blocks")) {
                    in += PdfInputIT.inside(w, b) ? 1 : 0;
                }
                assertEquals(1, in, s.key() + ": word " + w + " in " + in + " blocks");
            }
            // A page that starts inside a paragraph: the previous page's last paragraph and this one's first,
            // joined, are one paragraph of the chapter as written.
            String[] paragraphs = md.strip().split("\n\n");
            String first = paragraphs[0];
            if (previousLast != null && meta.get("page").asInt() > 1 && Character.isLowerCase(first.codePointAt(0))) {
                String joined = (previousLast + " " + first).replaceAll("[*_]", "");
                String chapter = Files.readString(TestData.corpus("ebooks/sherlock-holmes/src").resolve(meta.get("chapter").asText()));
                String source = org.jsoup.Jsoup.parse(chapter).text();
                // compared word by word: the source's spacing and the PDF's are not the point
                String words = String.join(" ", PdfInputIT.tokens(joined));
                assertTrue(String.join(" ", PdfInputIT.tokens(source)).contains(words), s.key() + ": " + joined);
                crossings++;
            }
            previousLast = paragraphs[paragraphs.length - 1];
        }
        assertTrue(PdfInputIT.median(recall) >= 0.98, "recall " + recall);
        assertTrue(PdfInputIT.median(precision) >= 0.98, "precision " + precision);
        assertTrue(crossings >= 3, "paragraphs cut by a page break: " + crossings);
    }

    @Test
    void pagesOfASiteUseItsSharedFoldersWithBothEngines() throws Exception {
        // A Sphinx-like site: pages in tutorial/ link ../_static/theme.css?v=3 (a cache-busting query, which
        // Flying Saucer's user agent also refused).
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.createDirectories(site.resolve("_static"));
        Files.writeString(site.resolve("_static/theme.css"), ".gone { display: none } body { background: #00a000 }");
        Files.writeString(Files.createDirectories(site.resolve("tutorial")).resolve("page.html"),
                "<html><head><link rel=\"stylesheet\" href=\"../_static/theme.css?v=3\"></head><body>"
                + "<p class=\"gone\">Hidden by the site's sheet</p><p>Shown on the page</p></body></html>");
        for (String engine : List.of("flying-saucer", "chromium")) {
            Path out = tmp.resolve("site-" + engine);
            assertEquals(0, Main.execute("documents", site.toString(), "-o", out.toString(), "--engine", engine, "--no-progress"));
            ShardReader.TarSample page = TestData.samples(out).get(0);
            JsonNode meta = MAPPER.readTree(page.members().get("json"));
            assertEquals("tutorial/page.html", meta.get("chapter").asText());
            assertFalse(meta.has("refused_fetches") && meta.get("refused_fetches").asInt() > 0, engine + ": " + meta);
            assertEquals("Shown on the page", new String(page.members().get("txt"), java.nio.charset.StandardCharsets.UTF_8), engine);
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(page.members().get("png")));
            assertEquals(0x00a000, image.getRGB(image.getWidth() / 2, image.getHeight() / 2) & 0xffffff, engine + ": styled");
        }
    }
}

package org.pairforge.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every document template, in English and Chinese, through `pairforge documents --template`. */
class DocumentTemplatesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private List<ShardReader.TarSample> run(String template, Path content, long seed, Path out) throws Exception {
        assertEquals(0, Main.execute("documents", "--template", template, "--content", content.toString(),
                "--count", "2", "--seed", Long.toString(seed), "-o", out.toString(), "--no-progress"));
        return TestData.samples(out);
    }

    @Test
    void everyTemplateRendersEnglishAndChineseAndItsStyleFollowsTheSeed() throws Exception {
        Path english = TestData.corpus("ebooks/sherlock-holmes/src");
        Path chinese = TestData.corpus("zh").resolve("tangshisanbaishou.json");
        for (String template : DocumentTemplates.NAMES) {
            for (Path content : List.of(english, chinese)) {
                String label = template + " " + content.getFileName();
                Path outA = tmp.resolve(template + "-" + content.getFileName() + "-a");
                List<ShardReader.TarSample> a = run(template, content, 1, outA);
                List<ShardReader.TarSample> b = run(template, content, 2, tmp.resolve(template + "-" + content.getFileName() + "-b"));
                assertTrue(!a.isEmpty() && !b.isEmpty(), label);
                Set<String> styles = new HashSet<>();
                long han = 0;
                for (ShardReader.TarSample s : a) {
                    JsonNode meta = MAPPER.readTree(s.members().get("json"));
                    assertEquals(template, meta.get("template").asText(), label);
                    assertTrue(meta.get("style").has("font_size_pt"), label + " " + meta);
                    if (content == chinese) { // traditional characters: Noto CJK's traditional forms
                        assertTrue(meta.get("style").get("font_family").asText().endsWith(" TC"), label + " " + meta.get("style"));
                    }
                    styles.add(meta.get("style").toString());
                    String text = new String(s.members().get("txt"), StandardCharsets.UTF_8);
                    assertTrue(!text.isBlank(), label);
                    han += text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.members().get("png")));
                    assertTrue(img.getWidth() > 800 && darkShare(img) > 0.0005, label + " page is not blank");
                }
                assertTrue(content == chinese ? han > 200 : han == 0, label + ": " + han + " Han characters");
                if (template.equals("exam") && content == chinese) {
                    String firstPage = new String(a.get(0).members().get("txt"), StandardCharsets.UTF_8);
                    assertTrue(firstPage.contains("單元測驗") && firstPage.contains("選擇題"), "the sheet's own words in the content's script:\n" + firstPage);
                }
                String styleB = MAPPER.readTree(b.get(0).members().get("json")).get("style").toString();
                assertNotEquals(styles.iterator().next() + a.get(0).key(), styleB + b.get(0).key(), label + ": seeds differ");
                assertNotEquals(sha(a.get(0)), sha(b.get(0)), label + ": another seed draws another page");
                // The same command makes the same documents.
                Path again = tmp.resolve("again");
                List<ShardReader.TarSample> rerun = run(template, content, 1, again);
                assertEquals(a.stream().map(ShardReader.TarSample::key).toList(), rerun.stream().map(ShardReader.TarSample::key).toList(),
                        label + ": keys do not depend on -o");
                Path first = outA.resolve("generated").resolve(template + "-1");
                try (var files = Files.list(first)) {
                    for (Path f : files.toList()) {
                        assertEquals(Files.readString(f), Files.readString(again.resolve("generated").resolve(template + "-1").resolve(f.getFileName())), label);
                    }
                }
                deleteTree(again);
            }
        }
    }

    @Test
    void theArticleTemplateSetsTwoColumnsThroughChromium() throws Exception {
        List<ShardReader.TarSample> pages = run("article", TestData.corpus("ebooks/sherlock-holmes/src"), 5, tmp.resolve("article"));
        JsonNode meta = MAPPER.readTree(pages.get(0).members().get("json"));
        assertEquals("chromium", meta.get("engine").asText(), "CSS columns need Chromium; Flying Saucer has none");
        assertEquals(2, meta.get("style").get("columns").asInt());
        // Two columns: some words start right of the page's middle, on the same lines as words left of it.
        double mid = meta.get("width").asDouble() / 2;
        int right = 0;
        for (JsonNode w : meta.get("words")) {
            right += w.get("x0").asDouble() > mid + 10 ? 1 : 0;
        }
        assertTrue(right > meta.get("words").size() / 4, right + " of " + meta.get("words").size() + " words in the right column");
    }

    private static String sha(ShardReader.TarSample s) throws Exception {
        return MAPPER.readTree(s.members().get("json")).get("sha256").asText();
    }

    private static double darkShare(BufferedImage img) {
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                dark += (img.getRGB(x, y) & 0xff) < 128 ? 1 : 0;
            }
        }
        return dark / (img.getWidth() * img.getHeight() / 4.0);
    }

    private static void deleteTree(Path p) throws Exception {
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}

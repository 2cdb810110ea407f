package org.pairforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardReader;
import org.pairforge.template.WebTemplates;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every web template, from the corpus e-book's text, at two viewports and two seeds. */
class WebTemplatesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void withoutContentTheBundledPublicDomainTextIsUsed() throws Exception {
        // The issue's own form: web --template NAME --count N --seed S, with no --content.
        Path out = tmp.resolve("bundled");
        assertEquals(0, Main.execute("web", "--template", "blog", "--count", "1", "--seed", "5", "--viewport", "1024x768",
                "-o", out.toString(), "--no-progress"));
        JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("settings").get("content").asText().endsWith("templates/content/sherlock-holmes.json"),
                summary.get("settings").toString());
        List<ShardReader.TarSample> samples = TestData.samples(out);
        assertEquals(1, samples.size());
        String html = new String(samples.get(0).members().get("html"), java.nio.charset.StandardCharsets.UTF_8);
        String bundled = Files.readString(Path.of("templates/content/sherlock-holmes.json"));
        long fromBook = java.util.Arrays.stream(org.jsoup.Jsoup.parse(html).body().text().split("\\s+"))
                .filter(w -> w.length() > 6 && bundled.contains(w)).count();
        assertTrue(fromBook >= 10, "the page's words come from the bundled book: " + fromBook);
    }

    @Test
    void everyTemplateRendersAtTwoViewportsVariesBySeedAndItsBoxesLandOnText() throws Exception {
        String content = TestData.corpus("ebooks/sherlock-holmes/src").toString();
        Set<String> palettes = new HashSet<>();
        Set<String> layouts = new HashSet<>();
        int compared = 0;
        int inside = 0;
        for (String template : WebTemplates.NAMES) {
            Set<String> images = new HashSet<>();
            for (long seed : new long[]{1, 2}) {
                Path out = tmp.resolve(template + seed);
                assertEquals(0, Main.execute("web", "--template", template, "--content", content, "--count", "1",
                        "--seed", Long.toString(seed), "--viewport", "1280x800,390x844", "-o", out.toString(), "--no-progress"));
                List<ShardReader.TarSample> samples = TestData.samples(out);
                assertEquals(2, samples.size(), template + ": one pair per viewport");
                for (ShardReader.TarSample s : samples) {
                    JsonNode meta = MAPPER.readTree(s.members().get("json"));
                    assertEquals(template, meta.get("template").asText());
                    palettes.add(meta.get("style").get("palette").asText());
                    layouts.add(template + "/" + meta.get("style").get("layout").asText());
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.members().get("png")));
                    assertEquals(meta.get("viewport").asText(), img.getWidth() + "x" + img.getHeight());
                    assertTrue(colours(img) > 8, template + " " + meta.get("viewport") + " is not blank");
                    images.add(meta.get("sha256").asText());
                    int[] check = TextBoxCheck.ocrWordsInBoxes(s.members().get("png"), meta.get("text_boxes"));
                    compared += check[0];
                    inside += check[1];
                }
            }
            assertEquals(4, images.size(), template + ": each seed and viewport draws another image");
        }
        assertTrue(palettes.size() >= 4, "palettes vary: " + palettes);
        assertTrue(layouts.size() >= 8, "layouts vary: " + layouts);
        assertTrue(compared >= 200, "enough OCR words: " + compared);
        assertTrue(inside >= 0.95 * compared, inside + " of " + compared + " OCR words inside a reported text box");
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

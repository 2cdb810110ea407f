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
            assertEquals(Set.of("png", "txt", "json"), s.members().keySet());
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
        assertFalse(Files.readString(out.resolve("rejects.jsonl")).contains("\"stage\":\"read\""));
    }
}

package org.pairforge.shard;

import org.pairforge.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real client reads every kind: Hugging Face datasets' webdataset loader (from the virtual environment
 * bin/setup prepares, datasets pinned) loads the shards of notebooks, documents with both engines, LaTeX and
 * web pages, with the image as an Image feature and the word and line boxes as typed structs. Mixed-type
 * lists ([x0, y0, x1, y1, "text"]) made Arrow fail on every paged kind.
 */
class HuggingFaceLoadIT {
    @TempDir
    Path tmp;

    private Path run(String name, String... args) {
        return TestData.runCli(tmp, name, args);
    }

    private static JsonNode load(Path out) throws Exception {
        List<String> command = new ArrayList<>(List.of(TestData.hfPython().toString(), "src/test/python/load_webdataset.py"));
        ShardLayout layout = new ShardLayout(out);
        for (int shard : layout.finishedShards()) {
            command.add(layout.tar(shard).toString());
        }
        Path log = Files.createTempFile("hf", ".log");
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(log.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "datasets finished");
        assertEquals(0, p.exitValue(), out + ": datasets failed:\n" + Files.readString(log));
        return Json.MAPPER.readTree(stdout.lines().reduce((a, b) -> b).orElseThrow());
    }

    private static void assertLoaded(Path out, boolean pages) throws Exception {
        JsonNode loaded = load(out);
        List<String> keys = new ArrayList<>();
        for (ShardReader.TarSample s : TestData.samples(out)) {
            keys.add(s.key());
        }
        assertTrue(keys.size() >= 1, out + " has samples");
        List<String> read = new ArrayList<>();
        loaded.get("keys").forEach(k -> read.add(k.asText()));
        assertEquals(keys, read, out + ": every sample, in order");
        assertEquals("Image", loaded.get("image_feature").asText(), out.toString());
        assertTrue(loaded.get("image_size").get(0).asInt() > 0);
        assertTrue(loaded.get("text_column").asBoolean());
        if (pages) {
            String words = loaded.get("box_features").get("words").asText();
            assertTrue(words.contains("'x0': Value('int64')") && words.contains("'text': Value('string')"), words);
            assertTrue(loaded.get("first_box").get("text").isTextual(), loaded.toString());
        }
    }

    @Test
    void everyKindLoadsWithImagesAndTypedBoxes() throws Exception {
        assertLoaded(run("notebooks", "notebooks", TestData.corpus("notebooks").toString()), false);
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Path text = TestData.corpus("ebooks/sherlock-holmes/src/epub/text");
        for (String story : List.of("a-scandal-in-bohemia.xhtml", "a-case-of-identity.xhtml")) {
            Files.copy(text.resolve(story), docs.resolve(story));
        }
        assertLoaded(run("fs", "documents", docs.toString(), "--dpi", "60", "--max-pages", "2"), true);
        assertLoaded(run("chromium", "documents", docs.toString(), "--engine", "chromium", "--dpi", "60", "--max-pages", "2"), true);
        Path latex = run("latex", "latex", "fixtures/latex/panda-wms.tar.gz", "--dpi", "50", "--max-pages", "2");
        assertLoaded(latex, true);
        JsonNode pages = load(latex);
        String blocks = pages.get("blocks_feature").asText();
        assertTrue(blocks.contains("'type': Value('string')") && blocks.contains("'x0': Value('int64')")
                && blocks.contains("'md': Value('string')"), "blocks typed: " + blocks);
        assertTrue(pages.get("md").asText().startsWith("# Converging High-Throughput"), "the page's Markdown: " + pages.get("md"));
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.copy(text.resolve("a-case-of-identity.xhtml"), site.resolve("page.html"));
        Path web = run("web", "web", site.toString(), "--viewport", "640x480");
        assertLoaded(web, true);
        assertTrue(load(web).get("box_features").has("text_boxes"), "line boxes typed too");
    }
}

package org.pairforge.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The issue's acceptance test on the 39 real notebooks of the shared corpus. */
class NotebookCorpusTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path out;
    static Map<String, Object> summary;
    static List<ShardReader.TarSample> samples = new ArrayList<>();

    @BeforeAll
    static void run() throws Exception {
        // Small shards and two workers, so sharding and ordered de-duplication are really exercised.
        summary = TestData.runNotebooks(List.of(TestData.corpus("notebooks")), out, 2, 7);
        ShardLayout layout = new ShardLayout(out);
        for (int shard : layout.finishedShards()) {
            samples.addAll(ShardReader.read(layout.tar(shard)));
        }
    }

    @Test
    void everyCodeCellWithAnImageIsACandidate() {
        assertEquals(39L, summary.get("inputs_read"));
        assertEquals(0L, summary.get("inputs_unreadable"));
        assertEquals(139L, summary.get("candidates"));
        @SuppressWarnings("unchecked")
        Map<String, Number> dropped = (Map<String, Number>) summary.get("dropped");
        int droppedTotal = dropped.values().stream().mapToInt(Number::intValue).sum();
        assertEquals(139, ((Number) summary.get("kept")).intValue() + droppedTotal, "kept + dropped must account for every candidate");
        assertEquals((long) samples.size(), summary.get("kept"));
        assertTrue(samples.size() > 50, "most corpus figures have 5+ lines of code; kept " + samples.size());
    }

    @Test
    void keptImagesAreTheNotebooksOwnBytes() throws Exception {
        for (ShardReader.TarSample s : samples) {
            JsonNode meta = MAPPER.readTree(s.members().get("json"));
            JsonNode nb = MAPPER.readTree(Path.of(meta.get("source").asText()).toFile());
            JsonNode output = nb.get("cells").get(meta.get("cell_index").asInt())
                    .get("outputs").get(meta.get("output_index").asInt());
            byte[] expected = Base64.getMimeDecoder().decode(output.get("data").get("image/png").asText());
            assertArrayEquals(expected, s.members().get("png"), s.key());
            assertEquals(meta.get("sha256").asText(), org.pairforge.core.Hashing.sha256Hex(expected));
        }
    }

    @Test
    void keptCodeIsTheCellsSourceWithFiveOrMoreCodeLines() throws Exception {
        for (ShardReader.TarSample s : samples) {
            String code = new String(s.members().get("txt"), StandardCharsets.UTF_8);
            // An independent count: Python lines that are neither blank nor only a comment.
            long lines = code.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
            assertTrue(lines >= 5, s.key() + " has " + lines + " code lines:\n" + code);
            JsonNode meta = MAPPER.readTree(s.members().get("json"));
            assertEquals(lines, meta.get("code_lines").asLong(), s.key());
            JsonNode nb = MAPPER.readTree(Path.of(meta.get("source").asText()).toFile());
            JsonNode cell = nb.get("cells").get(meta.get("cell_index").asInt());
            String cellSource = String.join("", MAPPER.convertValue(cell.get("source"), String[].class)).strip();
            assertTrue(code.endsWith(cellSource), s.key() + ": code must end with the figure cell's own source");
        }
    }

    @Test
    void keysAreUniqueDotFreeAndSamplesAreWhole() throws Exception {
        Set<String> keys = new HashSet<>();
        for (ShardReader.TarSample s : samples) {
            assertTrue(keys.add(s.key()), "duplicate key " + s.key());
            assertFalse(s.key().contains("."), s.key());
            assertEquals(Set.of("png", "txt", "json"), s.members().keySet(), s.key());
            JsonNode meta = MAPPER.readTree(s.members().get("json"));
            assertEquals("notebook-figure", meta.get("kind").asText());
            assertEquals("python", meta.get("kernel_language").asText());
            assertEquals(4, meta.get("nbformat").asInt());
            int w = meta.get("width").asInt();
            byte[] png = s.members().get("png");
            // PNG IHDR width, read independently of ImageProbe
            int ihdrWidth = ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
            assertEquals(ihdrWidth, w, s.key());
        }
    }

    @Test
    void shardsCarryStatsAndRejectsAccountForEveryDrop() throws Exception {
        ShardLayout layout = new ShardLayout(out);
        assertEquals(6, layout.finishedShards().size(), "39 notebooks in shards of 7");
        List<String> rejects = Files.readAllLines(layout.rejectsJsonl());
        @SuppressWarnings("unchecked")
        int dropped = ((Map<String, Number>) summary.get("dropped")).values().stream().mapToInt(Number::intValue).sum();
        assertEquals(dropped, rejects.size());
        for (String line : rejects) {
            JsonNode r = MAPPER.readTree(line);
            assertTrue(Arrays.asList("too_few_code_lines", "duplicate", "multiple_images", "blank_image")
                    .contains(r.get("reason").asText()), line);
            assertFalse(r.get("message").asText().isBlank());
        }
    }
}

package org.pairforge.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.core.SourceRef;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The regression corpus under fixtures/notebooks/bad: each case a recorded rejection, and the run goes on. */
class BadInputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path out;

    @Test
    void everyBadInputIsARejectionWithItsReasonAndTheRunGoesOn() throws Exception {
        // The bad cases run together with good notebooks: the good ones must still come out.
        Map<String, Object> summary = TestData.runNotebooks(
                List.of(TestData.fixtures("notebooks/bad"), TestData.fixtures("notebooks/real")), out, 2, 3);
        Map<String, String> byInput = new HashMap<>();
        Map<String, String> byCandidate = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("rejects.jsonl"))) {
            JsonNode r = MAPPER.readTree(line);
            String file = Path.of(r.get("source").asText()).getFileName().toString();
            assertTrue(r.get("message").asText().length() > 10, "a clear message: " + line);
            if (r.has("key")) {
                byCandidate.put(file + "@" + r.get("key").asText().replaceAll(".*_c0*", ""), r.get("reason").asText());
            } else {
                byInput.put(file, r.get("reason").asText());
            }
        }
        assertEquals(Map.of(
                "truncated.ipynb", "truncated",
                "not-json.ipynb", "not_json",
                "png-renamed.ipynb", "not_json",
                "empty.ipynb", "empty",
                "json-array.ipynb", "not_a_notebook",
                "no-cells.ipynb", "not_a_notebook",
                "deep-nesting.ipynb", "too_deep",
                "corrupt.ipynb.gz", "bad_gzip"), byInput);
        Map<String, String> expected = new HashMap<>(Map.of(
                "bad-base64.ipynb@1", "bad_base64",
                "bad-base64.ipynb@2", "bad_base64",
                "broken-images.ipynb@", "image_type_mismatch", // cell 0
                "broken-images.ipynb@1", "not_an_image",
                "broken-images.ipynb@2", "image_corrupt",
                "broken-images.ipynb@3", "image_corrupt",
                "broken-images.ipynb@4", "image_too_large",
                "broken-images.ipynb@5", "image_too_small",
                "broken-images.ipynb@6", "blank_image",
                "broken-images.ipynb@7", "svg_unrenderable"));
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), byCandidate.get(e.getKey()), e.getKey());
        }
        assertEquals(8L, summary.get("inputs_unreadable"));
        // bad-base64.ipynb's first cell is fine: the careful re-parse keeps it.
        assertTrue(((Number) summary.get("kept")).intValue() >= 1 + 6, "good cells and real notebooks are kept: " + summary);
    }

    @Test
    void badBase64InOneFigureKeepsTheNotebooksOtherFigures() throws Exception {
        Path p = TestData.fixtures("notebooks/bad/bad-base64.ipynb");
        Extraction e = new NotebookPairs(NotebookOptions.builder().build()).extract(Files.readAllBytes(p), SourceRef.of("x"));
        assertEquals(3, e.candidates());
        assertEquals(1, e.samples().size());
        assertEquals(0, e.samples().get(0).metadata().get("cell_index"));
    }

    @Test
    void aFigureOverJacksonsDefaultStringLimitIsKeptWhole() throws Exception {
        // 2600x2600 of noise: ~20 MB of PNG, ~27M characters of base64, over Jackson's 20M default.
        BufferedImage noise = new BufferedImage(2600, 2600, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < 2600; y++) {
            for (int x = 0; x < 2600; x++) {
                noise.setRGB(x, y, r.nextInt());
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(noise, "png", png);
        String b64 = Base64.getEncoder().encodeToString(png.toByteArray());
        assertTrue(b64.length() > 20_000_000, "the case needs more than 20M characters, has " + b64.length());
        String nb = "{\"cells\":[{\"cell_type\":\"code\",\"execution_count\":1,\"metadata\":{},\"source\":"
                + "[\"import numpy as np\\n\",\"import matplotlib.pyplot as plt\\n\",\"rng = np.random.default_rng(7)\\n\","
                + "\"img = rng.integers(0, 255, (2600, 2600, 3))\\n\",\"plt.imsave('noise.png', img)\\n\"],"
                + "\"outputs\":[{\"output_type\":\"display_data\",\"metadata\":{},\"data\":{\"image/png\":\"" + b64 + "\\n\"}}]}],"
                + "\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}";
        Extraction e = new NotebookPairs(NotebookOptions.builder().build())
                .extract(nb.getBytes(StandardCharsets.US_ASCII), SourceRef.of("big.ipynb"));
        assertEquals(List.of(), e.rejections());
        assertArrayEquals(png.toByteArray(), e.samples().get(0).image().bytes());
        assertEquals(2600, e.samples().get(0).metadata().get("width"));
    }

    @Test
    void limitsNameTheFlagThatSetsThem() throws Exception {
        Path p = TestData.fixtures("notebooks/real/04.03-Errorbars.ipynb");
        Extraction e = new NotebookPairs(NotebookOptions.builder().maxInputBytes(1000).build())
                .extract(Files.readAllBytes(p), SourceRef.of("x"));
        assertEquals("too_large", e.rejections().get(0).reason());
        assertTrue(e.rejections().get(0).message().contains("--max-input-mb"));
    }
}

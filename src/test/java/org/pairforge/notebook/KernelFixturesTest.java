package org.pairforge.notebook;

import org.junit.jupiter.api.Test;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceRef;
import org.pairforge.source.Input;
import org.pairforge.source.InputKind;
import org.pairforge.source.InputScanner;
import org.pairforge.core.SourceData;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Other kernels, nbformat 3, the SVG and JPEG paths, gzip and The Stack's JSON Lines layout. */
class KernelFixturesTest {
    private final NotebookPairs pairs = new NotebookPairs(NotebookOptions.builder().build());

    private Extraction extract(String fixture) throws Exception {
        Path p = TestData.fixtures("notebooks/kernels/" + fixture);
        return pairs.extract(Files.readAllBytes(p), SourceRef.of(p.toString()));
    }

    private static byte[] chart(String ext) throws Exception {
        return Files.readAllBytes(TestData.fixtures("notebooks/src/chart." + ext));
    }

    @Test
    void nbformat3WorksheetsInputAndTopLevelPng() throws Exception {
        Extraction e = extract("nbformat3-python.ipynb");
        assertEquals(1, e.candidates());
        Sample s = e.samples().get(0);
        assertEquals(3, s.metadata().get("nbformat"));
        assertEquals(1, s.metadata().get("cell_index"), "the heading cell is cell 0");
        assertEquals(3, s.metadata().get("execution_count"), "v3 prompt_number");
        assertArrayEquals(chart("png"), s.image().bytes());
        assertTrue(s.text().startsWith("import numpy as np\n"));
    }

    @Test
    void rCommentsDoNotCountAsCode() throws Exception {
        Extraction e = extract("r-ggplot.ipynb");
        assertEquals("r", e.samples().get(0).metadata().get("kernel_language"));
        Rejection r = e.rejections().get(0);
        assertEquals("too_few_code_lines", r.reason());
        assertTrue(r.message().startsWith("4 code lines"), "6 lines of which 2 are comments: " + r.message());
        Sample kept = e.samples().get(0);
        assertEquals("image/jpeg", kept.metadata().get("media_type"));
        assertArrayEquals(chart("jpg"), kept.image().bytes());
        assertEquals(6, kept.metadata().get("code_lines"));
    }

    @Test
    void juliaBlockCommentsDoNotCountAsCode() throws Exception {
        Extraction e = extract("julia-plots.ipynb");
        assertEquals(1, e.samples().size());
        assertEquals("julia", e.samples().get(0).metadata().get("kernel_language"));
        assertEquals(5, e.samples().get(0).metadata().get("code_lines"), "three lines inside #= =# do not count");
        assertTrue(e.rejections().get(0).message().startsWith("2 code lines"));
    }

    @Test
    void javaSnippetsParseWithJavaParserAndBrokenJavaIsNoted() throws Exception {
        Extraction e = extract("java-ijava.ipynb");
        assertEquals(2, e.samples().size());
        Sample good = e.samples().get(0);
        assertEquals("java", good.metadata().get("kernel_language"));
        assertEquals(7, good.metadata().get("code_lines"), "imports, a method and statements; comments and %maven excluded");
        assertNull(good.metadata().get("code_note"));
        Sample broken = e.samples().get(1);
        assertTrue(String.valueOf(broken.metadata().get("code_note")).startsWith("Java code does not parse"));
    }

    @Test
    void svgIsRasterizedToPngAndSaysSo() throws Exception {
        Sample s = extract("svg-figure.ipynb").samples().get(0);
        assertEquals("image/png", s.metadata().get("media_type"));
        assertEquals("image/svg+xml", s.metadata().get("rasterized_from"));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.image().bytes()));
        // 320pt x 200pt at 96 px per inch
        assertEquals(427, img.getWidth());
        assertEquals(267, img.getHeight());
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xff) < 128) {
                    dark++;
                }
            }
        }
        assertTrue(dark > 500, "axes, line and title must be drawn; dark pixels: " + dark);
    }

    @Test
    void oneOutputWithPngAndSvgIsOneFigureAndPngWins() throws Exception {
        Extraction e = extract("png-and-svg-one-output.ipynb");
        assertEquals(1, e.samples().size());
        assertArrayEquals(chart("png"), e.samples().get(0).image().bytes());
        assertNull(e.samples().get(0).metadata().get("rasterized_from"));
    }

    @Test
    void sourceAsAStringAndTwoFiguresInOneCell() throws Exception {
        assertEquals(1, extract("source-as-string.ipynb").samples().size());
        Extraction two = extract("two-figures-one-cell.ipynb");
        assertEquals("multiple_images", two.rejections().get(0).reason());
    }

    @Test
    void gzipAndTheStackJsonLinesCarryProvenance() throws Exception {
        List<Input> inputs = new ArrayList<>();
        new InputScanner(1 << 26, InputKind.NOTEBOOKS).scan(List.of(TestData.fixtures("notebooks/kernels")), inputs::add);
        List<String> ids = inputs.stream().map(Input::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids, "inputs are listed in sorted order");
        assertTrue(ids.contains("fixtures/notebooks/kernels/gzipped.ipynb.gz"));
        assertTrue(ids.containsAll(List.of("fixtures/notebooks/kernels/the-stack.jsonl#1",
                "fixtures/notebooks/kernels/the-stack.jsonl#2", "fixtures/notebooks/kernels/the-stack.jsonl#3")));

        Input gz = inputs.get(ids.indexOf("fixtures/notebooks/kernels/gzipped.ipynb.gz"));
        SourceData loaded = gz.load(1 << 26);
        assertEquals(1, pairs.extract(loaded.content(), loaded.ref()).samples().size());

        Input row = inputs.get(ids.indexOf("fixtures/notebooks/kernels/the-stack.jsonl#1"));
        SourceData stack = row.load(1 << 26);
        Sample s = pairs.extract(stack.content(), stack.ref()).samples().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> prov = (Map<String, Object>) s.metadata().get("provenance");
        assertEquals("someone/plots", prov.get("max_stars_repo_name"));
        assertEquals(List.of("MIT"), prov.get("max_stars_repo_licenses"));
        assertTrue(!prov.containsKey("content"), "the notebook itself is not provenance");
    }
}

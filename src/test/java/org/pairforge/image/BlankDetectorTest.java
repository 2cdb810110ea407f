package org.pairforge.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pairforge.TestData;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlankDetectorTest {
    private static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static BlankDetector.Verdict inspect(byte[] png, boolean always) throws Exception {
        return new BlankDetector(0.995, always).inspect(ImageProbe.probe(png, "image/png"));
    }

    /** A white 432x288 canvas, matplotlib's default figure size, with black ready to draw. */
    private static Graphics2D whiteCanvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    @Test
    void whiteTransparentAndNearUniformImagesAreBlank() throws Exception {
        BufferedImage white = new BufferedImage(432, 288, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = whiteCanvas(white);
        g.fillRect(10, 10, 3, 3); // a speck does not make a figure
        assertTrue(inspect(png(white), false).blank());
        BufferedImage transparent = new BufferedImage(432, 288, BufferedImage.TYPE_INT_ARGB);
        assertTrue(inspect(png(transparent), false).blank(), "transparent shows as white in a notebook");
    }

    @Test
    void aRealChartIsNotBlankWhenDecodedOrWhenSkipped() throws Exception {
        byte[] chart = Files.readAllBytes(TestData.fixtures("notebooks/src/chart.png"));
        BlankDetector.Verdict decoded = inspect(chart, true);
        assertTrue(decoded.decoded());
        assertFalse(decoded.blank(), "dominant share " + decoded.dominantShare());
        BlankDetector.Verdict quick = inspect(chart, false);
        assertFalse(quick.decoded(), "a chart this information-rich is not decoded by default");
        assertFalse(quick.blank());
    }

    @Test
    void anEmptyAxesFrameWithTicksIsNotBlank() throws Exception {
        BufferedImage frame = new BufferedImage(432, 288, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = whiteCanvas(frame);
        g.drawRect(54, 35, 335, 218);
        for (int x = 54; x < 390; x += 33) {
            g.drawLine(x, 253, x, 257);
            g.drawString(Integer.toString(x), x - 6, 272);
        }
        BlankDetector.Verdict v = inspect(png(frame), false);
        assertTrue(v.decoded(), "sparse images are decoded");
        assertFalse(v.blank(), "share " + v.dominantShare());
    }

    @Test
    void pixelsReadFromTheDecodersBytesEqualAJava2dBlitOverWhite() {
        Random random = new Random(11);
        int[] types = {BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY,
                BufferedImage.TYPE_INT_ARGB};
        for (int type : types) {
            BufferedImage img = new BufferedImage(97, 61, type);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    // every alpha, and runs of equal pixels as in real figures
                    int argb = x % 7 == 0 ? 0xffffffff : random.nextInt();
                    img.setRGB(x, y, argb);
                }
            }
            assertArrayEquals(rgb(BlankDetector.blitOnWhite(img)), rgb(BlankDetector.onWhite(img)), "image type " + type);
        }
    }

    @Test
    void everyFigureOfTheCorpusGetsTheShareTheBlitWouldGive() throws Exception {
        int figures = 0;
        for (byte[] png : corpusPngs()) {
            BufferedImage decoded = BlankDetector.decodeSubsampled(ImageProbe.probe(png, "image/png"));
            int[] px = rgb(BlankDetector.blitOnWhite(decoded));
            assertArrayEquals(px, BlankDetector.onWhite(decoded));
            assertEquals(naiveShare(px), BlankDetector.dominantShare(decoded), 1e-12);
            figures++;
        }
        assertTrue(figures > 100, figures + " figures");
    }

    /** The colour bits alone: a TYPE_INT_RGB raster leaves its top byte undefined. */
    private static int[] rgb(int[] px) {
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = px[i] & 0xffffff;
        }
        return out;
    }

    /** Every PNG figure in the corpus notebooks (nbformat 4 outputs), decoded from its base64. */
    private static List<byte[]> corpusPngs() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<byte[]> pngs = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestData.corpus("notebooks"))) {
            for (Path nb : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                for (JsonNode cell : json.readTree(nb.toFile()).path("cells")) {
                    for (JsonNode output : cell.path("outputs")) {
                        JsonNode png = output.path("data").path("image/png");
                        if (png.isTextual()) {
                            pngs.add(Base64.getMimeDecoder().decode(png.textValue()));
                        }
                    }
                }
            }
        }
        return pngs;
    }

    /** The share computed pixel by pixel, the plain way, to check the run-wise passes against. */
    private static double naiveShare(int[] px) {
        int[] buckets = new int[4096];
        for (int p : px) {
            buckets[((p >> 12) & 0xf00) | ((p >> 8) & 0xf0) | ((p >> 4) & 0xf)]++;
        }
        int best = 0;
        for (int i = 1; i < buckets.length; i++) {
            best = buckets[i] > buckets[best] ? i : best;
        }
        long r = 0, g = 0, b = 0;
        for (int p : px) {
            if ((((p >> 12) & 0xf00) | ((p >> 8) & 0xf0) | ((p >> 4) & 0xf)) == best) {
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
            }
        }
        int n = buckets[best];
        int close = 0;
        for (int p : px) {
            if (Math.abs(((p >> 16) & 0xff) - (int) (r / n)) <= 8 && Math.abs(((p >> 8) & 0xff) - (int) (g / n)) <= 8
                    && Math.abs((p & 0xff) - (int) (b / n)) <= 8) {
                close++;
            }
        }
        return close / (double) px.length;
    }
}

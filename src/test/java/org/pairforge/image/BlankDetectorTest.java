package org.pairforge.image;

import org.junit.jupiter.api.Test;
import org.pairforge.TestData;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;

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
}

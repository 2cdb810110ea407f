package org.pairforge.image;

import org.junit.jupiter.api.Test;
import org.pairforge.TestData;
import org.pairforge.core.EncodedImage;

import java.nio.file.Files;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageProbeTest {
    @Test
    void readsSizesOfRealPngAndJpeg() throws Exception {
        for (String ext : new String[]{"png", "jpg"}) {
            byte[] b = Files.readAllBytes(TestData.fixtures("notebooks/src/chart." + ext));
            EncodedImage img = ImageProbe.probe(b, ext.equals("png") ? "image/png" : "image/jpeg");
            assertNull(img.problem(), ext);
            assertEquals(709, img.width());
            assertEquals(254, img.height());
        }
    }

    @Test
    void findsTruncationAndCorruption() throws Exception {
        byte[] png = Files.readAllBytes(TestData.fixtures("notebooks/src/chart.png"));
        byte[] jpg = Files.readAllBytes(TestData.fixtures("notebooks/src/chart.jpg"));
        assertTrue(ImageProbe.probe(Arrays.copyOf(png, png.length - 5), "image/png").problem().contains("truncated"));
        byte[] flipped = png.clone();
        flipped[png.length / 3] ^= 1;
        assertTrue(ImageProbe.probe(flipped, "image/png").problem().contains("CRC"));
        assertTrue(ImageProbe.probe(Arrays.copyOf(jpg, jpg.length / 2), "image/jpeg").problem().contains("EOI"));
        assertEquals(EncodedImage.ImageFormat.UNKNOWN, ImageProbe.probe(new byte[0], "image/png").probed());
    }
}
